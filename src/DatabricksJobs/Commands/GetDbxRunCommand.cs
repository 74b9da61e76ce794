using System;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Client;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Gets runs by id, or lists them.</summary>
    /// <remarks>
    /// <para>Get-DbxRun gets runs by id (also from the pipeline: a run object refreshes itself), with every task and, with -IncludeHistory, the repair history. Given a job (-JobId, or jobs from the pipeline), or nothing, it lists runs newest first, every page: filtered by -Active or -Completed, -RunType and start time (-From, -To).</para>
    /// <para>Only leaving -RunId and -JobId out lists the workspace's runs: $null, an empty list or 0 given to either (by name, by position or from the pipeline) is a parameter binding error, so that Get-DbxRun -RunId $id | Remove-DbxRun never reaches every run. -From after -To is an error too, as no run can have started in between.</para>
    /// <para>A number alone is a run id, by position (Get-DbxRun 4711) or from the pipeline (4711, 4712 | Get-DbxRun), as -RunId is the default; to list a job's runs, give -JobId or pipe the job (Get-DbxJob 1024 | Get-DbxRun).</para>
    /// <para>The run id of a for-each task's run (a task run whose ForEachTask is set) gets that task run: its Tasks holds the for-each task itself, and its Iterations holds one task run per input, every page of them, each with its own RunId and ParentRunId set to the for-each task run.</para>
    /// <para>Runs carry PowerShell-friendly properties on top of the API's: LifeCycleState, ResultState, StartTime, EndTime, Duration, Succeeded and LatestTasks (the newest attempt of each task).</para>
    /// </remarks>
    /// <example title="List the failed runs of a job in the last day">
    /// <code>
    /// Get-DbxJob -Name 'nightly load' | Get-DbxRun -Completed -From (Get-Date).AddDays(-1) | Where-Object ResultState -eq FAILED
    /// </code>
    /// <para>Lists only completed runs that started in the last 24 hours, then keeps the failed ones.</para>
    /// </example>
    /// <example title="See how a run was repaired">
    /// <code>
    /// Get-DbxRun -RunId 4711 -IncludeHistory | ForEach-Object RepairHistory
    /// </code>
    /// <para>Shows the original run and each repair, with their states and task runs.</para>
    /// </example>
    /// <example title="Find the failed iterations of a for-each task">
    /// <code>
    /// $loop = (Get-DbxRun -RunId 4711).Tasks | Where-Object TaskKey -eq per_country
    /// (Get-DbxRun -RunId $loop.RunId).Iterations | Where-Object ResultState -ne SUCCESS | Get-DbxRunOutput
    /// </code>
    /// <para>The for-each task's own run lists its iterations, shown as a table of task runs; piped on, each gives its output.</para>
    /// </example>
    /// <example title="Refresh runs you started earlier">
    /// <code>
    /// $runs = Get-DbxJob -Name etl | Invoke-DbxJobRun
    /// $runs | Get-DbxRun
    /// </code>
    /// <para>A piped run binds -RunId, so each is read again.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/getrun">Jobs API: GET /api/2.2/jobs/runs/get</seealso>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/listruns">Jobs API: GET /api/2.2/jobs/runs/list</seealso>
    /// <seealso cref="WaitDbxRunCommand"/>
    /// <seealso cref="GetDbxRunOutputCommand"/>
    /// <seealso cref="RepairDbxRunCommand"/>
    /// <seealso cref="ExportDbxRunCommand"/>
    /// <seealso cref="StopDbxRunCommand"/>
    // ById is the default and RunId is optional there: a piped run (which has both RunId and JobId) then refreshes
    // that run instead of listing its job's runs, a piped job lists its runs, and no argument lists the workspace's.
    [Cmdlet(VerbsCommon.Get, "DbxRun", DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(Run))]
    public sealed class GetDbxRunCommand : DbxCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        /// <summary>The runs to get, also from the pipeline: run ids (4711, 4712 | Get-DbxRun), or runs and task runs (their RunId); without it (and without -JobId) the workspace's runs are listed; $null, an empty list or 0 is an error.</summary>
        [Parameter(Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        [ValidateId]
        public long[]? RunId { get; set; }

        /// <summary>With the repair history of each run.</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        public SwitchParameter IncludeHistory { get; set; }

        /// <summary>With each task run's parameters as it ran, references resolved (each task's ResolvedValues).</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        public SwitchParameter IncludeResolvedValues { get; set; }

        /// <summary>List the runs of this job, also from the pipeline (jobs, by their JobId; a number piped in alone is a run id); $null or 0 is an error, not every job's runs.</summary>
        [Parameter(ParameterSetName = ListSet, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long? JobId { get; set; }

        /// <summary>Only runs that have not ended.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Active { get; set; }

        /// <summary>Only runs that have ended.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Completed { get; set; }

        /// <summary>List only runs of this type: JOB_RUN (run-now or schedule), SUBMIT_RUN (Submit-DbxRun) or WORKFLOW_RUN (from a notebook), in any case (job_run is sent as JOB_RUN).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateSet("JOB_RUN", "SUBMIT_RUN", "WORKFLOW_RUN")]
        [CanonicalSpelling("JOB_RUN", "SUBMIT_RUN", "WORKFLOW_RUN")]
        public string? RunType { get; set; }

        /// <summary>Runs that started at or after this time (not after -To).</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNull]
        public DateTime? From { get; set; }

        /// <summary>Runs that started at or before this time.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNull]
        public DateTime? To { get; set; }

        /// <summary>List runs with their tasks.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter ExpandTasks { get; set; }

        protected override void ProcessRecord()
        {
            if (RunId is not null)
            {
                foreach (var id in RunId!) ForItem(id, () => WriteObject(Await(context => Jobs.GetRunAsync(id, IncludeHistory, context, IncludeResolvedValues))));
                return;
            }
            if (Active && Completed)
            {
                ThrowTerminatingError(ErrorRecords.Create("-Active and -Completed exclude each other.", "ActiveAndCompleted", ErrorCategory.InvalidArgument, null));
            }
            if (From is DateTime from && To is DateTime to && from.ToUniversalTime() > to.ToUniversalTime())
            {
                // No run starts in an empty window: listing it would say nothing, as if the job had not run.
                ThrowTerminatingError(ErrorRecords.Create($"-From ({from:yyyy-MM-dd HH:mm:ss}) is after -To ({to:yyyy-MM-dd HH:mm:ss}): no run can have started between them.",
                    "FromAfterTo", ErrorCategory.InvalidArgument, from));
            }
            var query = new RunQuery
            {
                JobId = JobId, ActiveOnly = Active, CompletedOnly = Completed, RunType = RunType, StartTimeFrom = From, StartTimeTo = To, ExpandTasks = ExpandTasks,
            };
            ForItem((object?)JobId ?? "runs", () =>
            {
                foreach (var run in ListRuns(query))
                {
                    // Jobs API 2.2 lists at most 100 tasks of a run; fetch the rest.
                    WriteObject(ExpandTasks && run.HasMore == true ? Get(run.RunId) : run);
                }
            });
        }

        /// <summary>The run read by itself. A method of its own, so that the lambda's closure is made only for a run read again, not for every run listed.</summary>
        private Run Get(long runId) => Await(context => Jobs.GetRunAsync(runId, false, context));
    }
}
