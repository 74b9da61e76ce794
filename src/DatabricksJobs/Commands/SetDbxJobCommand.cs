using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Replaces all the settings of a job.</summary>
    /// <remarks>
    /// <para>Set-DbxJob replaces every setting of a job (jobs/reset) with the settings given, as a hashtable, an object or JSON text with the API's field names (-Settings) or a JSON file (-Path, also a file piped in). The settings are checked against the API's fields as New-DbxJob checks them: keys match whatever their case and in PascalCase, a job ({ job_id, settings }) gives its settings, a key one letter off a field is an error, and any other key the module does not know is sent as it is, with a warning. Settings left out are removed, and empty settings (an empty hashtable or file) are refused, since they would remove every setting. Runs already active are not affected. Because settings left out are removed, it asks for confirmation (ConfirmImpact High), and the question says so when the new settings have no tasks; -Confirm:$false replaces without asking, and Update-DbxJob changes only what it is given.</para>
    /// <para>Export-DbxJob writes settings in the form Set-DbxJob takes back, so a job can be kept in source control and deployed from there.</para>
    /// </remarks>
    /// <example title="Deploy a job from source control">
    /// <code>
    /// Set-DbxJob -JobId 1024 -Path ./jobs/nightly.json -PassThru -Confirm:$false
    /// </code>
    /// <para>Makes job 1024 exactly what the file says, and returns it, without asking (as a deployment pipeline must).</para>
    /// </example>
    /// <example title="Change an exported copy and put it back">
    /// <code>
    /// $settings = Get-DbxJob -JobId 1024 | Export-DbxJob | ConvertFrom-Json
    /// $settings.timeout_seconds = 3600
    /// Set-DbxJob -JobId 1024 -Settings $settings
    /// </code>
    /// <para>Reads the settings as an object, changes one field, and replaces the settings with the result.</para>
    /// </example>
    /// <example title="Deploy a file piped in">
    /// <code>
    /// Get-Item ./jobs/nightly.json | Set-DbxJob -JobId 1024 -Confirm:$false
    /// </code>
    /// <para>The file binds to -Path through its FullName.</para>
    /// </example>
    /// <example title="Make one job's settings those of another">
    /// <code>
    /// Set-DbxJob -JobId 2048 -Settings (Get-DbxJob -JobId 1024)
    /// </code>
    /// <para>A job given as -Settings gives its settings: job 2048 gets every setting of job 1024.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/reset">Jobs API: POST /api/2.2/jobs/reset</seealso>
    /// <seealso cref="ExportDbxJobCommand"/>
    /// <seealso cref="UpdateDbxJobCommand"/>
    /// <seealso cref="GetDbxJobCommand"/>
    [Cmdlet(VerbsCommon.Set, "DbxJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = SettingsSet)]
    [OutputType(typeof(Job))]
    public sealed class SetDbxJobCommand : DbxCmdlet
    {
        private const string SettingsSet = "Settings";
        private const string PathSet = "Path";

        /// <summary>The job whose settings are replaced, also from the pipeline: a job id, or a job (its JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long JobId { get; set; }

        /// <summary>The new settings: a hashtable or object with the API's field names (name, tasks, schedule, ...; in any case, or PascalCase), a job whose settings are taken, or JSON text.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = SettingsSet)]
        [Alias("Json")]
        [ValidateNotNull]
        public object? Settings { get; set; }

        /// <summary>A JSON file of the new settings, such as Export-DbxJob writes, also from the pipeline (FullName, PSPath); wildcards may be used if they match exactly one file.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Return the job as it is afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(JobId, () =>
            {
                var settings = ParameterSetName == PathSet ? JobSettingsInput.ReadOne(this, Path!, ApiShape.JobSettings) : JobSettingsInput.FromSettings(this, Settings!, ApiShape.JobSettings);
                JobSettingsInput.RefuseEmpty(settings, $"they would remove every setting of job {JobId}, its name and tasks included");
                JobSettingsInput.RefuseBlankName(settings);
                if (!ShouldProcess($"Job {JobId}", ReplaceAction(settings))) return;
                Await(context => Jobs.ResetJobAsync(JobId, settings, context));
                if (PassThru) WriteObject(Await(context => Jobs.GetJobAsync(JobId, context)));
            });
        }

        /// <summary>What replacing does, said plainly when the new settings have no tasks and the job has some: they all go.</summary>
        private string ReplaceAction(RequestBody settings)
        {
            if (settings.Has("tasks")) return "Replace all settings";
            var tasks = Await(context => Jobs.GetJobAsync(JobId, context)).TaskCount ?? 0;
            return tasks == 0 ? "Replace all settings" : $"Replace all settings; the new settings have no tasks, so all {tasks} of the job's tasks are removed";
        }
    }
}
