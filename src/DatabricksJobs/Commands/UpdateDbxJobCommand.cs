using System.Collections;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Changes some settings of a job.</summary>
    /// <remarks>
    /// <para>Update-DbxJob changes what it is given and leaves the rest (jobs/update): top-level fields replace the job's; tasks, job clusters and parameters are merged by their keys. -RemoveField removes top-level fields, or tasks and job clusters by key (tasks/&lt;task_key&gt;, job_clusters/&lt;key&gt;).</para>
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
    /// <example title="Pause a job's schedule over a maintenance window, then resume it">
    /// <code>
    /// Update-DbxJob -JobId 1024 -Pause
    /// Update-DbxJob -JobId 1024 -Resume
    /// </code>
    /// <para>Sets the pause status of the job's schedule (and of its trigger or continuous setting, and of every trigger in its triggers list, if it has them); nothing else changes.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/update">Jobs API: POST /api/2.2/jobs/update</seealso>
    /// <seealso cref="GetDbxJobCommand"/>
    /// <seealso cref="SetDbxJobCommand"/>
    /// <seealso cref="InvokeDbxJobRunCommand"/>
    [Cmdlet(VerbsData.Update, "DbxJob", SupportsShouldProcess = true)]
    [OutputType(typeof(Job))]
    public sealed class UpdateDbxJobCommand : DbxCmdlet
    {
        /// <summary>The job to change, also from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long JobId { get; set; }

        /// <summary>New settings: a hashtable, an object or JSON text with the API's field names (in any case, or PascalCase), checked as New-DbxJob checks them.</summary>
        [Parameter]
        [Alias("Json")]
        [ValidateNotNull]
        public object? Settings { get; set; }

        /// <summary>The job's new name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>The job's new description.</summary>
        [Parameter]
        public string? Description { get; set; }

        /// <summary>How many runs of the job may be active at once.</summary>
        [Parameter]
        [ValidateRange(0, 1000)]
        public int? MaxConcurrentRuns { get; set; }

        /// <summary>The job's tags (name = value); they replace the job's tags.</summary>
        [Parameter]
        public Hashtable? Tag { get; set; }

        /// <summary>Tasks to add, or to replace by task_key.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Task { get; set; }

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
                var settings = Pause || Resume ? PauseRequest.For(Await(context => Jobs.GetJobAsync(JobId, context)), Pause)
                    : Settings is null ? new RequestBody() : JobSettingsInput.FromSettings(this, Settings, ApiShape.JobSettings);
                if ((Pause || Resume) && Settings is not null) throw new System.ArgumentException("-Pause and -Resume change only the pause status: give -Settings separately.");
                if (Name is not null) settings.Set("name", Name);
                if (Description is not null) settings.Set("description", Description);
                if (MaxConcurrentRuns is int max) settings.Set("max_concurrent_runs", max);
                if (Tag is not null) settings.Set("tags", Conversions.ToStringMap(Tag, "-Tag"));
                if (Task is not null) settings.SetItems("tasks", Task, "-Task", WriteWarning);
                JobSettingsInput.RefuseBlankName(settings);
                if (settings.Count == 0 && RemoveField is null)
                    throw new System.ArgumentException("Nothing to change: give -Settings, -Name, -Description, -MaxConcurrentRuns, -Tag, -Task, -RemoveField, -Pause or -Resume.");
                if (!ShouldProcess($"Job {JobId}", "Update settings")) return;
                Await(context => Jobs.UpdateJobAsync(JobId, settings.Count == 0 ? null : settings, RemoveField, context));
                if (PassThru) WriteObject(Await(context => Jobs.GetJobAsync(JobId, context)));
            });
        }
    }
}
