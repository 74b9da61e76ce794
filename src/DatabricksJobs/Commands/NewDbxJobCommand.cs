using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;

namespace DatabricksJobs.Commands
{
    /// <summary>Creates a job.</summary>
    /// <remarks>
    /// <para>New-DbxJob creates a job from parameters (-Name, -Task, -Schedule, ...), from a whole settings object (-Settings, or -Json: a hashtable, an object such as a job Get-DbxJob returned, or JSON text), or from JSON files such as Export-DbxJob writes (-Path), and returns the job as the workspace stored it. Named parameters given with -Settings or -Path win over the same fields there, as with the Databricks CLI's --json: objects such as -Tag add to the settings' tags, lists such as -Task replace the settings' tasks, and -Schedule or -TimeZone alone changes only its part of the schedule there (a new schedule is in UTC unless -TimeZone; -TimeZone with no schedule at all is an error). Update-DbxJob takes the same named parameters.</para>
    /// <para>Settings are checked against the API's fields before anything is sent. Keys match whatever their case, and in PascalCase, as ConvertTo-Json writes the module's own objects; a job ({ job_id, settings }, as Get-DbxJob returns it and the Databricks CLI's jobs get writes it) gives its settings. A key one letter off a field (taks) is an error that says which field was meant; any other key the module does not know is sent as it is, with a warning, so that a field newer than the module still goes. Settings with no field of a job's settings at all make no job. A name that is empty or only white space is an error.</para>
    /// <para>Tasks and job clusters are hashtables with the API's own field names (task_key, notebook_task, depends_on, new_cluster, ...). Numbers and booleans in parameter maps are sent as text, as the API requires.</para>
    /// <para>A create whose answer is lost on the way (or answered by a gateway's 502 or 504) is not sent again, since that could make a second job: the error (OutcomeUnknown) says so, with the Get-DbxJob -Name command, quoted and escaped for any name, that tells whether the job was made.</para>
    /// </remarks>
    /// <example title="Create a job of two tasks that runs every night">
    /// <code>
    /// New-DbxJob -Name 'nightly load' -Schedule '0 0 2 * * ?' -TimeZone 'Europe/Amsterdam' -Task @(
    ///     @{ task_key = 'ingest'; notebook_task = @{ notebook_path = '/Jobs/ingest' }; existing_cluster_id = '0923-164208-meows279' },
    ///     @{ task_key = 'report'; depends_on = @(@{ task_key = 'ingest' }); notebook_task = @{ notebook_path = '/Jobs/report' }; existing_cluster_id = '0923-164208-meows279' }
    /// )
    /// </code>
    /// <para>Creates the job with a Quartz cron schedule (02:00 every day) and returns it.</para>
    /// </example>
    /// <example title="Create jobs from JSON files">
    /// <code>
    /// Get-ChildItem ./jobs/*.json | New-DbxJob
    /// </code>
    /// <para>Each file holds job settings as the API takes them (or a job as the Databricks CLI's jobs get writes it); each file is read as -Path reads it, and makes one job.</para>
    /// </example>
    /// <example title="Create a job with parameters, tags and queueing">
    /// <code>
    /// New-DbxJob -Name 'load' -Parameter @{ env = 'dev'; rows = 100 } -Tag @{ team = 'data' } -MaxConcurrentRuns 2 -Queue -Task @{ task_key = 'main'; notebook_task = @{ notebook_path = '/Jobs/load' } }
    /// </code>
    /// <para>Job parameters get defaults; runs beyond two at a time wait in the queue instead of being skipped.</para>
    /// </example>
    /// <example title="Copy a job under a new name">
    /// <code>
    /// Get-DbxJob -JobId 1024 | New-DbxJob -Name 'nightly load (copy)' -Tag @{ copied_from = '1024' }
    /// </code>
    /// <para>The job's settings, with the new name and one more tag, make a new job.</para>
    /// </example>
    /// <example title="Deploy a file with the settings of this environment">
    /// <code>
    /// New-DbxJob -Path ./jobs/nightly.json -Name 'nightly (test)' -MaxConcurrentRuns 1
    /// </code>
    /// <para>The named parameters win over the file's fields: the job is made as the file says, but for its name and run limit.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/create">Jobs API: POST /api/2.2/jobs/create</seealso>
    /// <seealso cref="InvokeDbxJobRunCommand"/>
    /// <seealso cref="GetDbxJobCommand"/>
    /// <seealso cref="UpdateDbxJobCommand"/>
    /// <seealso cref="ExportDbxJobCommand"/>
    [Cmdlet(VerbsCommon.New, "DbxJob", SupportsShouldProcess = true, DefaultParameterSetName = ParametersSet)]
    [OutputType(typeof(Job))]
    public sealed class NewDbxJobCommand : JobSettingsCmdlet
    {
        private const string ParametersSet = "Parameters";
        private const string SettingsSet = "Settings";
        private const string PathSet = "Path";

        /// <summary>The job's name (names need not be unique); with -Settings or -Path, it replaces the name there.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet)]
        [Parameter(ParameterSetName = SettingsSet)]
        [Parameter(ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>
        /// The whole settings object, also from the pipeline: a hashtable or object with the API's field names (in any
        /// case, or PascalCase), a job (Get-DbxJob's, or { job_id, settings } as the Databricks CLI writes it) whose
        /// settings are taken, or JSON text, as the Databricks CLI's --json takes it. A file piped in (Get-ChildItem's) is
        /// read as -Path reads it.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SettingsSet, ValueFromPipeline = true)]
        [Alias("Json")]
        [ValidateNotNull]
        public object? Settings { get; set; }

        /// <summary>JSON files of job settings, such as Export-DbxJob writes, also from the pipeline (FullName, PSPath); wildcards match several (a file whose very name has [ ] is taken as it is).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? Path { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var (target, request) in JobSettingsInput.Requests(this, Path, Settings, ApiShape.CreateJob, Name!))
                ForItem(target, () => Create(NamedOver(request(), Name, job: null)));
        }

        private void Create(RequestBody settings)
        {
            JobSettingsInput.RefuseEmpty(settings, "the job made of them would be named Untitled and have no tasks");
            JobSettingsInput.RefuseBlankName(settings);
            var name = settings.Text("name") ?? "Untitled";
            if (!ShouldProcess(name, "Create job")) return;
            var jobId = Await(context => Jobs.CreateJobAsync(settings, context));
            try
            {
                WriteObject(Await(context => Jobs.GetJobAsync(jobId, context)));
            }
            catch (DatabricksApiException e)
            {
                // The job exists: a script that does not see it would create another.
                WriteObject(new Job { JobId = jobId, Settings = new JobSettings { Name = name } });
                WriteError(ErrorRecords.FromApi(e, jobId, $"Job {jobId} ('{name}') was created, but reading it failed (Get-DbxJob -JobId {jobId} reads it later): "));
            }
        }
    }
}
