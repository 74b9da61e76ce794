using System.Collections.Generic;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Starts a run of a job (run-now) with any kind of parameter override, and returns it; with -Wait, returns it
    /// when it has ended. Every start carries an idempotency token, so a request retried after a lost answer starts
    /// one run, not two.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "DbxJobRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(Run))]
    public sealed class InvokeDbxJobRunCommand : RunOverridesCmdlet
    {
        private readonly List<(long RunId, long? JobId)> _started = new List<(long RunId, long? JobId)>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long JobId { get; set; }

        /// <summary>Run only these tasks (their task keys).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskKeyCompleter))]
        public string[]? Only { get; set; }

        /// <summary>
        /// The idempotency token (at most 64 characters): the same token answers the run it started before. By default
        /// a new one for each run.
        /// </summary>
        [Parameter]
        [ValidateLength(1, 64)]
        public string? IdempotencyToken { get; set; }

        /// <summary>Wait for the runs to end, and return them then.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess($"Job {JobId}", "Start a run")) return;
            ForItem(JobId, () =>
            {
                var request = WithOverrides(new RunNowRequest { JobId = JobId, Only = Conversions.ToList(Only), IdempotencyToken = IdempotencyToken });
                var runId = Await(context => Jobs.RunNowAsync(request, context));
                WriteVerbose($"Started run {runId} of job {JobId}.");
                if (Wait) _started.Add((runId, JobId));
                else WriteObject(Await(context => Jobs.GetRunAsync(runId, false, context)));
            });
        }

        protected override void EndProcessing()
        {
            if (_started.Count > 0) WaitForOutcome(_started);
        }
    }
}
