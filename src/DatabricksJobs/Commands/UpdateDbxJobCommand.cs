using System.Collections;
using System.Management.Automation;
using System.Text.Json.Nodes;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Changes some settings of a job: given fields replace the job's; tasks, job clusters and parameters merge by
    /// key; -RemoveField removes top-level fields or tasks/&lt;task_key&gt;, job_clusters/&lt;key&gt;.
    /// </summary>
    [Cmdlet(VerbsData.Update, "DbxJob", SupportsShouldProcess = true)]
    [OutputType(typeof(Job))]
    public sealed class UpdateDbxJobCommand : DbxCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long JobId { get; set; }

        /// <summary>New settings, with the API's field names.</summary>
        [Parameter]
        [ValidateNotNull]
        public object? Settings { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        [Parameter]
        public string? Description { get; set; }

        [Parameter]
        [ValidateRange(0, 1000)]
        public int? MaxConcurrentRuns { get; set; }

        [Parameter]
        public Hashtable? Tag { get; set; }

        /// <summary>Tasks to add, or to replace by task_key.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Task { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? RemoveField { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(JobId, () =>
            {
                var settings = Settings is null ? new JsonObject() : JobSettingsInput.FromSettings(Settings);
                if (Name is not null) settings["name"] = Name;
                if (Description is not null) settings["description"] = Description;
                if (MaxConcurrentRuns is int max) settings["max_concurrent_runs"] = max;
                if (Tag is not null) settings["tags"] = JobSettingsInput.Tags(Tag);
                if (Task is not null) settings["tasks"] = JobSettingsInput.ToArray(Task, "-Task");
                if (settings.Count == 0 && RemoveField is null)
                    throw new System.ArgumentException("Nothing to change: give -Settings, -Name, -Description, -MaxConcurrentRuns, -Tag, -Task or -RemoveField.");
                if (!ShouldProcess($"Job {JobId}", "Update settings")) return;
                Await(context => Jobs.UpdateJobAsync(JobId, settings.Count == 0 ? null : settings, RemoveField, context));
                if (PassThru) WriteObject(Await(context => Jobs.GetJobAsync(JobId, context)));
            });
        }
    }
}
