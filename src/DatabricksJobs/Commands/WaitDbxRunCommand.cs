using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>Waits for runs to end.</summary>
    /// <remarks>
    /// <para>Wait-DbxRun waits for the runs from the pipeline, all together, with one progress display, and returns each run as it ends. A run that does not succeed also writes an error naming its failed tasks and what they said, so that -ErrorAction Stop makes a runbook fail with the reason, unless -IgnoreFailure.</para>
    /// <para>Runs are polled together, each round the way that costs the fewest requests: one listing of the workspace's active runs (25 to a page), a listing of each job's active runs, or a read of each run (runs/get). A listing is chosen while the runs waited for outnumber its pages: 100 runs of 100 jobs cost 4 requests a round, not 100; a workspace with many other active runs is listed at most once before the other ways are chosen. A run that left a listing has ended and is read once, whole: runs that ended in the same round are read together by one listing of the runs completed since (of their job, when they share one), a run that ended alone by runs/get. -Verbose says each round which way was chosen and why. Polls slow down from half a second to ten seconds, by a quarter each time, while no run ends, and come half a second after a poll that saw runs end, since runs started together end together: the others' ends are then seen within about a second, at the cost of a listing more a round. Ctrl+C stops the wait at once; the runs go on.</para>
    /// <para>A run given more than once (Wait-DbxRun -RunId 4711, 4711, or the same run piped twice) is waited for and written once, with a warning that names it.</para>
    /// </remarks>
    /// <example title="Start several runs, then wait for all of them">
    /// <code>
    /// $runs = 1..5 | ForEach-Object { Invoke-DbxJobRun -JobId 1024 -JobParameter @{ part = $_ } }
    /// $runs | Wait-DbxRun -Timeout 7200
    /// </code>
    /// <para>Waits at most two hours; runs still active then each write a WaitTimeout error.</para>
    /// </example>
    /// <example title="Wait without failing, and report">
    /// <code>
    /// Get-DbxRun -JobId 1024 -Active | Wait-DbxRun -IgnoreFailure | Where-Object { -not $_.Succeeded }
    /// </code>
    /// <para>Returns the runs that did not succeed, without writing errors for them.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/getrun">Jobs API: GET /api/2.2/jobs/runs/get</seealso>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/listruns">Jobs API: GET /api/2.2/jobs/runs/list</seealso>
    /// <seealso cref="GetDbxRunOutputCommand"/>
    /// <seealso cref="RepairDbxRunCommand"/>
    /// <seealso cref="StopDbxRunCommand"/>
    /// <seealso cref="InvokeDbxJobRunCommand"/>
    [Cmdlet(VerbsLifecycle.Wait, "DbxRun")]
    [OutputType(typeof(Run))]
    public sealed class WaitDbxRunCommand : RunOutcomeCmdlet
    {
        /// <summary>The runs to wait for, also from the pipeline: run ids, or runs (their RunId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        [ValidateId]
        public long[]? RunId { get; set; }

        /// <summary>The runs' job, when known (bound from run objects), so that runs of one job can be polled with one listing of the job's active runs; $null (a run without a job) means not known, and 0 is an error.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ValidateId(AllowNull = true)]
        public long? JobId { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in RunId!) WaitLater(id, JobId);
        }

        protected override void EndProcessing() => WaitForOutcome();
    }
}
