using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;

namespace DatabricksJobs.Commands
{
    /// <summary>The named settings that New-DbxJob and Update-DbxJob both take, declared once, and the body they make.</summary>
    public abstract class JobSettingsCmdlet : DbxCmdlet
    {
        /// <summary>The tasks: hashtables with the API's fields (task_key, notebook_task, depends_on, ...), or JobTask objects. They replace the tasks of -Settings or -Path; Update-DbxJob adds them to the job's tasks, replacing those of the same task_key.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Task { get; set; }

        /// <summary>Job clusters the tasks share: hashtables with job_cluster_key and new_cluster. They replace the job clusters of -Settings or -Path; Update-DbxJob adds them to the job's, replacing those of the same job_cluster_key.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? JobCluster { get; set; }

        /// <summary>Tags: name = value. They are added to the tags of -Settings or -Path (replacing those of the same name). Update-DbxJob replaces the job's tags with them, all of them, as jobs/update replaces a top-level field whole: to add a tag and keep the others, give the job's tags as -Settings too (see Update-DbxJob's examples).</summary>
        [Parameter]
        public Hashtable? Tag { get; set; }

        /// <summary>Job parameters: name = default value. They replace the parameters of -Settings or -Path; Update-DbxJob adds them to the job's parameters, replacing those of the same name.</summary>
        [Parameter]
        public Hashtable? Parameter { get; set; }

        /// <summary>The job's description.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>How many runs of the job may be active at once (max_concurrent_runs); a new job's default is 1.</summary>
        [Parameter]
        [ValidateRange(0, 1000)]
        public int? MaxConcurrentRuns { get; set; }

        /// <summary>The longest a run may take, in seconds (timeout_seconds); 0 means no limit.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? TimeoutSeconds { get; set; }

        /// <summary>A Quartz cron expression, such as '0 0 2 * * ?' (02:00 every day). The time zone and pause status of the schedule it changes stay (that of -Settings or -Path, or on Update-DbxJob the job's); a new schedule is in UTC unless -TimeZone.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Schedule { get; set; }

        /// <summary>The time zone of the schedule, a Java time zone id such as Europe/Amsterdam. Without -Schedule it changes the time zone of the schedule there is (of -Settings or -Path, or on Update-DbxJob the job's), and with none it is an error; a new schedule without it is in UTC.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? TimeZone { get; set; }

        /// <summary>Queue runs over max_concurrent_runs instead of skipping them (-Queue:$false: skip them, whatever -Settings or -Path says).</summary>
        [Parameter]
        public SwitchParameter Queue { get; set; }

        /// <summary>
        /// The settings to send: the named parameters (with <paramref name="name"/>, the cmdlet's own -Name) over
        /// <paramref name="given"/> (-Settings, a file, or what pausing sends), named ones winning and objects merged key by
        /// key. A schedule the named parameters give in part keeps the rest of the one in <paramref name="given"/>, or, when it
        /// has none, of <paramref name="job"/>'s (read only then; null for a new job).
        /// </summary>
        private protected RequestBody NamedOver(RequestBody given, string? name, Func<Job>? job)
        {
            var named = Named(name);
            var namedSchedule = named.Has("schedule");
            var settings = named.Over(given);
            if (namedSchedule) JobSettingsInput.CompleteSchedule(settings, given.Has("schedule") ? null : job?.Invoke());
            return settings;
        }

        /// <summary>The settings the named parameters give.</summary>
        private RequestBody Named(string? name)
        {
            var settings = new RequestBody();
            if (name is not null) settings.Set("name", name);
            if (Description is not null) settings.Set("description", Description);
            if (Task is not null) settings.SetItems("tasks", Task, "-Task", WriteWarning);
            if (JobCluster is not null) settings.SetItems("job_clusters", JobCluster, "-JobCluster", WriteWarning);
            if (Tag is not null) settings.Set("tags", Conversions.ToStringMap(Tag, "-Tag"));
            if (Parameter is not null)
                settings.Set("parameters", Conversions.ToStringMap(Parameter, "-Parameter")!
                    .Select(parameter => new Hashtable { ["name"] = parameter.Key, ["default"] = parameter.Value }).ToArray());
            if (MaxConcurrentRuns is int max) settings.Set("max_concurrent_runs", max);
            if (TimeoutSeconds is int timeout) settings.Set("timeout_seconds", timeout);
            if (Schedule is not null || TimeZone is not null)
            {
                var schedule = new Hashtable();
                if (Schedule is not null) schedule["quartz_cron_expression"] = Schedule;
                if (TimeZone is not null) schedule["timezone_id"] = TimeZone;
                settings.Set("schedule", schedule);
            }
            if (MyInvocation.BoundParameters.ContainsKey(nameof(Queue))) settings.Set("queue", new Hashtable { ["enabled"] = Queue.IsPresent });
            return settings;
        }
    }
}
