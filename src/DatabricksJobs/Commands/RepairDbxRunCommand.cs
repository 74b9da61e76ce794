using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Reruns the failed or named tasks of a finished run.</summary>
    /// <remarks>
    /// <para>Repair-DbxRun repairs runs (runs/repair): it reruns the tasks named by -Task, or every task that did not succeed (-AllFailed), and with -IncludeDependents the tasks that depend on them, using the job's current settings and any parameter override. The rerun tasks get new task runs; the run's result is computed again.</para>
    /// <para>A run repaired before needs the id of its newest repair: Repair-DbxRun reads it from the run's repair history, so a run can be repaired again and again without naming it. It returns the run with its repair history, read after the repair (the repair's answer is only the repair's id); with -Wait, when it has ended.</para>
    /// <para>A repair has no idempotency token, so it is never sent twice: when its answer is lost, the run's repair history tells whether it was made. When the history cannot be read either, the error (OutcomeUnknown) says the repair may have been made, and Get-DbxRun -RunId N -IncludeHistory tells.</para>
    /// </remarks>
    /// <example title="Repair every failed run of a job, and wait">
    /// <code>
    /// Get-DbxRun -JobId 1024 -Completed | Where-Object ResultState -eq FAILED | Repair-DbxRun -AllFailed -Wait
    /// </code>
    /// <para>Reruns the failed tasks of each failed run and returns the runs when they have ended.</para>
    /// </example>
    /// <example title="Rerun one task and what depends on it, with a new parameter">
    /// <code>
    /// Repair-DbxRun -RunId 4711 -Task ingest -IncludeDependents -NotebookParameter @{ source = 'backup' }
    /// </code>
    /// <para>Returns the run, active again, with its repair history.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/repairrun">Jobs API: POST /api/2.2/jobs/runs/repair</seealso>
    /// <seealso cref="GetDbxRunCommand"/>
    /// <seealso cref="WaitDbxRunCommand"/>
    /// <seealso cref="GetDbxRunOutputCommand"/>
    /// <seealso cref="ExportDbxRunCommand"/>
    [Cmdlet(VerbsDiagnostic.Repair, "DbxRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = AllFailedSet)]
    [OutputType(typeof(Run))]
    public sealed class RepairDbxRunCommand : RunOverridesCmdlet
    {
        private const string AllFailedSet = "AllFailed";
        private const string TasksSet = "Tasks";

        /// <summary>The run to repair (a run, not a task run), also from the pipeline: a run id (4711 | Repair-DbxRun -AllFailed), or a run (its RunId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        [ValidateId]
        public long RunId { get; set; }

        /// <summary>The task keys of the tasks to rerun.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TasksSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskKeyCompleter))]
        [TextOnly]
        public string[]? Task { get; set; }

        /// <summary>Rerun every task that did not succeed (rerun_all_failed_tasks).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllFailedSet)]
        public SwitchParameter AllFailed { get; set; }

        /// <summary>Rerun the tasks that depend on the rerun tasks too, even those that succeeded (rerun_dependent_tasks).</summary>
        [Parameter]
        public SwitchParameter IncludeDependents { get; set; }

        /// <summary>The newest repair's id (latest_repair_id); by default it is read from the run's repair history.</summary>
        [Parameter]
        [ValidateId]
        public long? LatestRepairId { get; set; }

        /// <summary>Wait for the repaired runs to end, and return them then. A run waited for is not read after the repair request (the wait reads it).</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            var what = AllFailed ? "Rerun every task that did not succeed" : $"Rerun tasks {string.Join(", ", Task!)}";
            ForItem(RunId, () =>
            {
                // The body is checked before asking, so that -WhatIf says what is wrong with it too.
                var body = Body(ApiShape.RepairRun);
                if (!ShouldProcess($"Run {RunId}", what)) return;
                var latestRepairId = LatestRepairId;
                long? jobId = null;
                if (latestRepairId is null)
                {
                    var run = Await(context => Jobs.GetRunAsync(RunId, true, context));
                    latestRepairId = run.LatestRepairId;
                    jobId = run.JobId;
                }
                var request = new RepairRunRequest
                {
                    RunId = RunId,
                    RerunTasks = Conversions.ToList(Task),
                    RerunAllFailedTasks = AllFailed ? true : null,
                    RerunDependentTasks = IncludeDependents ? true : null,
                    LatestRepairId = latestRepairId,
                };
                SetOverrides(request);
                var repairId = Await(context => Jobs.RepairRunAsync(request, body, context));
                WaitLaterOrWrite(RunId, jobId, Wait, read: true, includeHistory: true, started: $"Repair {repairId} of run {RunId} started");
            });
        }

        protected override void EndProcessing() => WaitForOutcome(includeHistory: true);
    }
}
