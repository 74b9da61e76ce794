using System.Collections.Generic;
using System.Management.Automation;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Waits for runs from the pipeline, all together, with one progress display; returns each run as it ends. A run
    /// that does not succeed also writes an error naming its failed tasks and what they said (so -ErrorAction Stop
    /// makes a runbook fail with the reason), unless -IgnoreFailure.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "DbxRun")]
    [OutputType(typeof(Run))]
    public sealed class WaitDbxRunCommand : RunOutcomeCmdlet
    {
        private readonly List<(long RunId, long? JobId)> _runs = new List<(long RunId, long? JobId)>();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        public long[]? RunId { get; set; }

        /// <summary>The runs' job, when known (bound from run objects), so that runs of one job are polled together.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        public long? JobId { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in RunId!) _runs.Add((id, JobId));
        }

        protected override void EndProcessing() => WaitForOutcome(_runs);
    }
}
