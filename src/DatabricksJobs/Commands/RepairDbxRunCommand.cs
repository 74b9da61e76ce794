using System.Collections.Generic;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Repairs finished runs: reruns the tasks named, or every task that did not succeed, with any parameter override.
    /// The newest repair's id, which the service demands of a further repair, is looked up. Returns the run with its
    /// repair history; with -Wait, when it has ended.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Repair, "DbxRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = AllFailedSet)]
    [OutputType(typeof(Run))]
    public sealed class RepairDbxRunCommand : RunOverridesCmdlet
    {
        private const string AllFailedSet = "AllFailed";
        private const string TasksSet = "Tasks";
        private readonly List<(long RunId, long? JobId)> _repaired = new List<(long RunId, long? JobId)>();

        /// <summary>The run to repair (a run, not a task run), also from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        public long RunId { get; set; }

        /// <summary>The task keys of the tasks to rerun.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TasksSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskKeyCompleter))]
        public string[]? Task { get; set; }

        /// <summary>Rerun every task that did not succeed (rerun_all_failed_tasks).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllFailedSet)]
        public SwitchParameter AllFailed { get; set; }

        /// <summary>Rerun the tasks that depend on the rerun tasks too, even those that succeeded (rerun_dependent_tasks).</summary>
        [Parameter]
        public SwitchParameter IncludeDependents { get; set; }

        /// <summary>The newest repair's id (latest_repair_id); by default it is read from the run's repair history.</summary>
        [Parameter]
        [ValidateRange(1, long.MaxValue)]
        public long? LatestRepairId { get; set; }

        /// <summary>Wait for the repaired runs to end, and return them then.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            var what = AllFailed ? "Rerun every task that did not succeed" : $"Rerun tasks {string.Join(", ", Task!)}";
            if (!ShouldProcess($"Run {RunId}", what)) return;
            ForItem(RunId, () =>
            {
                var latestRepairId = LatestRepairId;
                long? jobId = null;
                if (latestRepairId is null)
                {
                    var run = Await(context => Jobs.GetRunAsync(RunId, true, context));
                    latestRepairId = run.LatestRepairId;
                    jobId = run.JobId;
                }
                var request = WithOverrides(new RepairRunRequest
                {
                    RunId = RunId,
                    RerunTasks = Conversions.ToList(Task),
                    RerunAllFailedTasks = AllFailed ? true : null,
                    RerunDependentTasks = IncludeDependents ? true : null,
                    LatestRepairId = latestRepairId,
                });
                var repairId = Await(context => Jobs.RepairRunAsync(request, context));
                WriteVerbose($"Repair {repairId} of run {RunId} started.");
                if (Wait) _repaired.Add((RunId, jobId));
                else WriteObject(Await(context => Jobs.GetRunAsync(RunId, true, context)));
            });
        }

        protected override void EndProcessing()
        {
            if (_repaired.Count > 0) WaitForOutcome(_repaired, includeHistory: true);
        }
    }
}
