using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Cancels runs.</summary>
    /// <remarks>
    /// <para>Stop-DbxRun cancels runs (runs/cancel), or with -All every active run of a job, or with -AllQueued only the queued ones (runs/cancel-all). A run that has already ended is left as it is. Cancelling is asynchronous: -Wait returns the runs once they have ended (a canceled run is then no error), -PassThru returns them at once.</para>
    /// <para>Only -AllQueued without -JobId reaches the whole workspace: -JobId $null or 0 (such as from an object without a job id) is a parameter binding error.</para>
    /// </remarks>
    /// <example title="Cancel a run and wait until it has stopped">
    /// <code>
    /// Get-DbxRun -RunId 4711 | Stop-DbxRun -Wait
    /// </code>
    /// <para>Returns the run once it is TERMINATED with result CANCELED.</para>
    /// </example>
    /// <example title="Cancel every active run of a job">
    /// <code>
    /// Get-DbxJob -Name 'nightly load' | Stop-DbxRun -All -Confirm:$false
    /// </code>
    /// <para>Cancels every active run of each job with that name.</para>
    /// </example>
    /// <example title="Clear the queue of a job">
    /// <code>
    /// Stop-DbxRun -All -JobId 1024 -AllQueued
    /// </code>
    /// <para>Cancels the queued runs and leaves the running ones.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/cancelrun">Jobs API: POST /api/2.2/jobs/runs/cancel</seealso>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/cancelallruns">Jobs API: POST /api/2.2/jobs/runs/cancel-all</seealso>
    /// <seealso cref="GetDbxRunCommand"/>
    /// <seealso cref="WaitDbxRunCommand"/>
    /// <seealso cref="RemoveDbxRunCommand"/>
    [Cmdlet(VerbsLifecycle.Stop, "DbxRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(Run))]
    public sealed class StopDbxRunCommand : RunWaitingCmdlet
    {
        private const string ByIdSet = "ById";
        private const string AllSet = "All";

        /// <summary>The runs to cancel, also from the pipeline: run ids (4711 | Stop-DbxRun), or runs (their RunId).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        [ValidateId]
        public long[]? RunId { get; set; }

        /// <summary>With -All: the job whose active runs are canceled, also from the pipeline: a job id (1024 | Stop-DbxRun -All), or a job (its JobId).</summary>
        [Parameter(Position = 0, ParameterSetName = AllSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long? JobId { get; set; }

        /// <summary>Cancel every active run of -JobId (runs/cancel-all).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        /// <summary>With -All: cancel only the queued runs (all_queued_runs): of -JobId, or without it, of the whole workspace.</summary>
        [Parameter(ParameterSetName = AllSet)]
        public SwitchParameter AllQueued { get; set; }

        /// <summary>Wait for the canceled runs to end, and return them then.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>Return the runs as they are once canceled (without waiting for them to end).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == AllSet)
            {
                CancelAll();
                return;
            }
            foreach (var id in RunId!)
            {
                if (!ShouldProcess($"Run {id}", "Cancel")) continue;
                ForItem(id, () =>
                {
                    Await(context => Jobs.CancelRunAsync(id, context));
                    Canceled(id, null);
                });
            }
        }

        private void CancelAll()
        {
            if (JobId is null && !AllQueued)
            {
                WriteError(ErrorRecords.Create("Give -JobId to cancel a job's active runs, or -AllQueued to cancel every queued run of the workspace.",
                    "JobIdOrAllQueuedRequired", ErrorCategory.InvalidArgument, null));
                return;
            }
            var target = JobId is long id ? $"Job {id}" : "Workspace";
            var action = AllQueued ? "Cancel every queued run" : "Cancel every active run";
            if (!ShouldProcess(target, action)) return;
            ForItem((object?)JobId ?? "queued runs", () =>
            {
                // Listed first, so that -Wait and -PassThru know which runs the cancel-all ends.
                var active = Wait || PassThru
                    ? ListRuns(new RunQuery { JobId = JobId, ActiveOnly = true }).Where(r => !AllQueued || r.LifeCycleState == "QUEUED").ToList()
                    : new List<Run>();
                Await(context => Jobs.CancelAllRunsAsync(JobId, AllQueued, context));
                foreach (var run in active) Canceled(run.RunId, run.JobId);
            });
        }

        private void Canceled(long runId, long? jobId)
        {
            WriteVerbose($"Canceled run {runId}.");
            if (Wait || PassThru) WaitLaterOrWrite(runId, jobId, Wait, read: true);
        }

        protected override void EndProcessing() => WaitForRuns(failuresAreErrors: false);
    }
}
