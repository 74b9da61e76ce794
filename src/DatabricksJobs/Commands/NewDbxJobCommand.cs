using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;

namespace DatabricksJobs.Commands
{
    /// <summary>Creates a job from parameters, from -Settings, or from a JSON file (-Path) as the API takes it.</summary>
    [Cmdlet(VerbsCommon.New, "DbxJob", SupportsShouldProcess = true, DefaultParameterSetName = ParametersSet)]
    [OutputType(typeof(Job))]
    public sealed class NewDbxJobCommand : DbxCmdlet
    {
        private const string ParametersSet = "Parameters";
        private const string SettingsSet = "Settings";
        private const string PathSet = "Path";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet)]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The tasks: hashtables with the API's fields (task_key, notebook_task, depends_on, ...), or JobTask objects.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateNotNullOrEmpty]
        public object[]? Task { get; set; }

        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateNotNullOrEmpty]
        public object[]? JobCluster { get; set; }

        [Parameter(ParameterSetName = ParametersSet)]
        public Hashtable? Tag { get; set; }

        /// <summary>Job parameters: name = default value.</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        public Hashtable? Parameter { get; set; }

        [Parameter(ParameterSetName = ParametersSet)]
        public string? Description { get; set; }

        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateRange(0, 1000)]
        public int? MaxConcurrentRuns { get; set; }

        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateRange(0, int.MaxValue)]
        public int? TimeoutSeconds { get; set; }

        /// <summary>A Quartz cron expression, such as '0 0 2 * * ?' (02:00 every day).</summary>
        [Parameter(ParameterSetName = ParametersSet)]
        [ValidateNotNullOrEmpty]
        public string? Schedule { get; set; }

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

        /// <summary>JSON files of job settings, such as Export-DbxJob writes.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case PathSet:
                    foreach (var path in Path!) ForItem(path, () => Create(JobSettingsInput.Read(this, path)));
                    break;
                case SettingsSet:
                    ForItem(Settings!, () => Create(JobSettingsInput.FromSettings(Settings!)));
                    break;
                default:
                    ForItem(Name!, () => Create(FromParameters()));
                    break;
            }
        }

        private JsonObject FromParameters()
        {
            var settings = new JsonObject { ["name"] = Name };
            if (Description is not null) settings["description"] = Description;
            if (Task is not null) settings["tasks"] = JobSettingsInput.ToArray(Task, "-Task");
            if (JobCluster is not null) settings["job_clusters"] = JobSettingsInput.ToArray(JobCluster, "-JobCluster");
            if (Tag is not null) settings["tags"] = JobSettingsInput.Tags(Tag);
            if (Parameter is not null)
            {
                var parameters = new JsonArray();
                foreach (DictionaryEntry entry in Parameter)
                    parameters.Add(new JsonObject { ["name"] = entry.Key.ToString(), ["default"] = LanguagePrimitives.ConvertTo<string>(entry.Value) ?? "" });
                settings["parameters"] = parameters;
            }
            if (MaxConcurrentRuns is int max) settings["max_concurrent_runs"] = max;
            if (TimeoutSeconds is int timeout) settings["timeout_seconds"] = timeout;
            if (Schedule is not null) settings["schedule"] = new JsonObject { ["quartz_cron_expression"] = Schedule, ["timezone_id"] = TimeZone };
            if (Queue) settings["queue"] = new JsonObject { ["enabled"] = true };
            return JobSettingsInput.TextValues(settings);
        }

        private void Create(JsonObject settings)
        {
            var name = settings["name"]?.ToString() ?? "Untitled";
            if (!ShouldProcess(name, "Create job")) return;
            var jobId = Await(context => Jobs.CreateJobAsync(settings, context));
            WriteObject(Await(context => Jobs.GetJobAsync(jobId, context)));
        }
    }
}
