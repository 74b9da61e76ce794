using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Changes some settings of a job.</summary>
    /// <remarks>
    /// <para>Update-DbxJob changes what it is given and leaves the rest (jobs/update). It takes the settings New-DbxJob takes by name (-Name, -Description, -Task, -JobCluster, -Tag, -Parameter, -Schedule, -TimeZone, -MaxConcurrentRuns, -TimeoutSeconds, -Queue), and any others as -Settings (or -Json: a hashtable, an object or JSON text); named parameters win over the same fields of -Settings, as with New-DbxJob. -RemoveField removes top-level fields, or tasks and job clusters by key (tasks/&lt;task_key&gt;, job_clusters/&lt;key&gt;).</para>
    /// <para>What each change does to the job is what jobs/update does: a top-level field given replaces the job's whole, and tasks, job clusters and parameters are merged by their keys (task_key, job_cluster_key, name), so -Task adds or replaces those tasks and the others stay. So -Tag replaces all of the job's tags, as the Databricks CLI's jobs update does; to add a tag and keep the others, give the job's tags as -Settings too (the examples show how). -Schedule and -TimeZone change only their part of the schedule: -Schedule keeps the time zone and the pause status of the job's schedule, -TimeZone alone changes the time zone of the job's schedule (the job is read first), and with no schedule in the job or -Settings, -TimeZone alone is an error; a new schedule without -TimeZone is in UTC.</para>
    /// <para>A job id alone binds -JobId, by position (Update-DbxJob 1024 -Pause) or from the pipeline (1024, 2048 | Update-DbxJob -Pause), as do jobs and runs piped in (their JobId).</para>
    /// <para>To replace every setting at once, use Set-DbxJob.</para>
    /// </remarks>
    /// <example title="Rename a job and change how many runs it may have">
    /// <code>
    /// Get-DbxJob -Name 'nightly load' | Update-DbxJob -Name 'nightly load v2' -MaxConcurrentRuns 3 -PassThru
    /// </code>
    /// <para>Returns the job as it is afterwards.</para>
    /// </example>
    /// <example title="Replace one task and remove another">
    /// <code>
    /// Update-DbxJob -JobId 1024 -Task @{ task_key = 'report'; notebook_task = @{ notebook_path = '/Jobs/report_v2' } } -RemoveField 'tasks/cleanup', 'schedule'
    /// </code>
    /// <para>The report task is replaced by key, the cleanup task and the schedule are removed, and the other tasks stay.</para>
    /// </example>
    /// <example title="Pause the schedules of several jobs over a maintenance window, then resume them">
    /// <code>
    /// 1024, 2048 | Update-DbxJob -Pause
    /// 1024, 2048 | Update-DbxJob -Resume
    /// </code>
    /// <para>Each number is a job id. Sets the pause status of each job's schedule (and of its trigger or continuous setting, and of every trigger in its triggers list, if it has them); nothing else changes.</para>
    /// </example>
    /// <example title="Move a job's schedule to another hour and time zone">
    /// <code>
    /// Update-DbxJob 1024 -Schedule '0 30 4 * * ?' -TimeZone 'America/New_York'
    /// Update-DbxJob 1024 -TimeZone 'Europe/Amsterdam'
    /// </code>
    /// <para>The first runs the job at 04:30 New York time; the second keeps that hour and changes only the time zone. A paused schedule stays paused.</para>
    /// </example>
    /// <example title="Add a tag and keep the others">
    /// <code>
    /// Get-DbxJob 1024 | ForEach-Object { Update-DbxJob $_.JobId -Settings @{ tags = $_.Settings.Tags } -Tag @{ owner = 'data-eng' } }
    /// </code>
    /// <para>-Tag adds to the tags of -Settings, which here are the job's own: the job keeps its tags and gets one more (or a new value for owner). Update-DbxJob 1024 -Tag @{ owner = 'data-eng' } would leave it that one tag alone.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/update">Jobs API: POST /api/2.2/jobs/update</seealso>
    /// <seealso cref="GetDbxJobCommand"/>
    /// <seealso cref="SetDbxJobCommand"/>
    /// <seealso cref="InvokeDbxJobRunCommand"/>
    [Cmdlet(VerbsData.Update, "DbxJob", SupportsShouldProcess = true)]
    [OutputType(typeof(Job))]
    public sealed class UpdateDbxJobCommand : JobSettingsCmdlet
    {
        /// <summary>The job to change, also from the pipeline: a job id (1024 | Update-DbxJob -Pause), or a job or run (its JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long JobId { get; set; }

        /// <summary>New settings: a hashtable, an object or JSON text with the API's field names (in any case, or PascalCase), checked as New-DbxJob checks them. Named parameters win over its fields (-Tag adds to its tags).</summary>
        [Parameter]
        [Alias("Json")]
        [ValidateNotNull]
        public object? Settings { get; set; }

        /// <summary>The job's new name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Fields to remove: top-level names such as schedule, or tasks/&lt;task_key&gt; and job_clusters/&lt;key&gt;.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [TextOnly]
        public string[]? RemoveField { get; set; }

        /// <summary>Pause the job's schedule, trigger or continuous run, and every trigger of its triggers list (pause_status PAUSED), leaving the rest of each as it is.</summary>
        [Parameter]
        public SwitchParameter Pause { get; set; }

        /// <summary>Resume the job's schedule, trigger or continuous run, and every trigger of its triggers list (pause_status UNPAUSED).</summary>
        [Parameter]
        public SwitchParameter Resume { get; set; }

        /// <summary>Return the job as it is after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(JobId, () =>
            {
                if (Pause && Resume) throw new System.ArgumentException("Give -Pause or -Resume, not both.");
                if ((Pause || Resume) && Settings is not null) throw new System.ArgumentException("-Pause and -Resume change only the pause status: give -Settings separately.");
                Job? job = null;
                Job Current() => job ??= Await(context => Jobs.GetJobAsync(JobId, context));
                var given = Pause || Resume ? PauseRequest.For(Current(), Pause)
                    : Settings is null ? new RequestBody() : JobSettingsInput.FromSettings(this, Settings, ApiShape.JobSettings);
                var settings = NamedOver(given, Name, Current);
                JobSettingsInput.RefuseBlankName(settings);
                if (settings.Count == 0 && RemoveField is null)
                    throw new System.ArgumentException("Nothing to change: give -Settings, a setting by name (-Name, -Task, -Schedule, -Tag, ...), -RemoveField, -Pause or -Resume.");
                if (!ShouldProcess($"Job {JobId}", "Update settings")) return;
                Await(context => Jobs.UpdateJobAsync(JobId, settings.Count == 0 ? null : settings, RemoveField, context));
                if (PassThru) WriteObject(Await(context => Jobs.GetJobAsync(JobId, context)));
            });
        }
    }
}
