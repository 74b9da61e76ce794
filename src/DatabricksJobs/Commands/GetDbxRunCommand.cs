using System;
using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Gets runs by id (also from the pipeline), or lists them newest first, every page: of a job (-JobId, also from
    /// the pipeline: Get-DbxJob -Name x | Get-DbxRun -Active) or of the whole workspace.
    /// </summary>
    // ById is the default and RunId is optional there: a piped run (which has both RunId and JobId) then refreshes
    // that run instead of listing its job's runs, a piped job lists its runs, and no argument lists the workspace's.
    [Cmdlet(VerbsCommon.Get, "DbxRun", DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(Run))]
    public sealed class GetDbxRunCommand : DbxCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        [Parameter(Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        public long[]? RunId { get; set; }

        /// <summary>With the repair history of each run.</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        public SwitchParameter IncludeHistory { get; set; }

        [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long? JobId { get; set; }

        /// <summary>Only runs that have not ended.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Active { get; set; }

        /// <summary>Only runs that have ended.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Completed { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("JOB_RUN", "SUBMIT_RUN", "WORKFLOW_RUN")]
        public string? RunType { get; set; }

        /// <summary>Runs that started at or after this time.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? From { get; set; }

        /// <summary>Runs that started at or before this time.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public DateTime? To { get; set; }

        /// <summary>List runs with their tasks.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter ExpandTasks { get; set; }

        protected override void ProcessRecord()
        {
            if (RunId is not null)
            {
                foreach (var id in RunId!) ForItem(id, () => WriteObject(Await(context => Jobs.GetRunAsync(id, IncludeHistory, context))));
                return;
            }
            if (Active && Completed)
            {
                ThrowTerminatingError(Internal.ErrorRecords.Create("-Active and -Completed exclude each other.", "ActiveAndCompleted", ErrorCategory.InvalidArgument, null));
            }
            var query = new RunQuery
            {
                JobId = JobId, ActiveOnly = Active, CompletedOnly = Completed, RunType = RunType, StartTimeFrom = From, StartTimeTo = To, ExpandTasks = ExpandTasks,
            };
            ForItem((object?)JobId ?? "runs", () =>
            {
                var runs = Pager.All(token => Await(context => Jobs.ListRunsPageAsync(query, token, context)), page => page.Runs, page => page.HasMore ? page.NextPageToken : null);
                foreach (var run in runs)
                {
                    // Jobs API 2.2 lists at most 100 tasks of a run; fetch the rest.
                    WriteObject(ExpandTasks && run.HasMore == true ? Await(context => Jobs.GetRunAsync(run.RunId, false, context)) : run);
                }
            });
        }
    }
}
