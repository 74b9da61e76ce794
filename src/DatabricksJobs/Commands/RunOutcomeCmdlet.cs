using System.Management.Automation;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// A cmdlet that waits for runs to give their outcome: a run that did not succeed writes an error (so that
    /// -ErrorAction Stop fails a runbook with the reason), unless -IgnoreFailure.
    /// </summary>
    public abstract class RunOutcomeCmdlet : RunWaitingCmdlet
    {
        /// <summary>Return runs that did not succeed without writing an error for them.</summary>
        [Parameter]
        public SwitchParameter IgnoreFailure { get; set; }

        protected void WaitForOutcome(bool includeHistory = false) => WaitForRuns(failuresAreErrors: !IgnoreFailure, includeHistory);
    }
}
