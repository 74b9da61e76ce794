using System.Collections;
using System.Linq;
using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;

namespace DatabricksJobs.Commands
{
    /// <summary>Creates a job.</summary>
    /// <remarks>
    /// <para>New-DbxJob creates a job from parameters (-Name, -Task, -Schedule, ...), from a whole settings object with the API's field names (-Settings), or from JSON files such as Export-DbxJob writes (-Path), and returns the job as the workspace stored it.</para>
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
    /// <para>Each file holds job settings as the API takes them; the files bind to -Path through their FullName.</para>
    /// </example>
    /// <example title="Create a job with parameters, tags and queueing">
    /// <code>
    /// New-DbxJob -Name 'load' -Parameter @{ env = 'dev'; rows = 100 } -Tag @{ team = 'data' } -MaxConcurrentRuns 2 -Queue -Task @{ task_key = 'main'; notebook_task = @{ notebook_path = '/Jobs/load' } }
    /// </code>
    /// <para>Job parameters get defaults; runs beyond two at a time wait in the queue instead of being skipped.</para>
    /// </example>
    [Cmdlet(VerbsCommon.New, "DbxJob", SupportsShouldProcess = true, DefaultParameterSetName = ParametersSet)]
    [OutputType(typeof(Job))]
    public sealed class NewDbxJobCommand : DbxCmdlet
    {
        private const string ParametersSet = "Parameters";
        private const string SettingsSet = "Settings";
        private const string PathSet = "Path";

        /// <summary>The job's name. Names need not be unique.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The tasks: hashtables with the API's fields (task_key, notebook_task, depends_on, ...), or JobTask objects.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateNotNullOrEmpty]
        public object[]? Task { get; set; }

        /// <summary>Job clusters the tasks share: hashtables with job_cluster_key and new_cluster.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateNotNullOrEmpty]
        public object[]? JobCluster { get; set; }

        /// <summary>Tags: name = value.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public Hashtable? Tag { get; set; }

        /// <summary>Job parameters: name = default value.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public Hashtable? Parameter { get; set; }

        /// <summary>A description of the job.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public string? Description { get; set; }

        /// <summary>How many runs of the job may be active at once (max_concurrent_runs); default 1.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateRange(0, 1000)]
        public int? MaxConcurrentRuns { get; set; }

        /// <summary>The longest a run may take, in seconds (timeout_seconds); 0 means no limit.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateRange(0, int.MaxValue)]
        public int? TimeoutSeconds { get; set; }

        /// <summary>A Quartz cron expression, such as '0 0 2 * * ?' (02:00 every day).</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateNotNullOrEmpty]
        public string? Schedule { get; set; }

        /// <summary>The time zone of -Schedule, a Java time zone id such as Europe/Amsterdam; default UTC.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateNotNullOrEmpty]
        public string TimeZone { get; set; } = "UTC";

        /// <summary>Queue runs over max_concurrent_runs instead of skipping them.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public SwitchParameter Queue { get; set; }

        /// <summary>The whole settings object, with the API's field names.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SettingsSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object? Settings { get; set; }

        /// <summary>JSON files of job settings, such as Export-DbxJob writes; wildcards match several (a file whose very name has [ ] is taken as it is).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? Path { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var (target, request) in JobSettingsInput.Requests(this, Path, Settings, Name!, FromParameters))
                ForItem(target, () => Create(request()));
        }

        private RequestBody FromParameters()
        {
            var settings = new RequestBody().Set("name", Name);
            if (Description is not null) settings.Set("description", Description);
            if (Task is not null) settings.SetItems("tasks", Task, "-Task");
            if (JobCluster is not null) settings.SetItems("job_clusters", JobCluster, "-JobCluster");
            if (Tag is not null) settings.Set("tags", Conversions.ToStringMap(Tag, "-Tag"));
            if (Parameter is not null)
                settings.Set("parameters", Conversions.ToStringMap(Parameter, "-Parameter")!
                    .Select(parameter => new Hashtable { ["name"] = parameter.Key, ["default"] = parameter.Value }).ToArray());
            if (MaxConcurrentRuns is int max) settings.Set("max_concurrent_runs", max);
            if (TimeoutSeconds is int timeout) settings.Set("timeout_seconds", timeout);
            if (Schedule is not null) settings.Set("schedule", new Hashtable { ["quartz_cron_expression"] = Schedule, ["timezone_id"] = TimeZone });
            if (Queue) settings.Set("queue", new Hashtable { ["enabled"] = true });
            return settings;
        }

        private void Create(RequestBody settings)
        {
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
