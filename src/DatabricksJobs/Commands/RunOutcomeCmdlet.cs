using System.Management.Automation;
using DatabricksJobs.Internal;

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

        /// <summary>Outcomes that count as failures besides those that are: SuccessWithFailures (some tasks failed, every leaf task succeeded), which the API counts as a success.</summary>
        [Parameter]
        [ValidateSet("SuccessWithFailures")]
        [CanonicalSpelling("SuccessWithFailures")]
        public string[]? FailOn { get; set; }

        protected void WaitForOutcome(bool includeHistory = false) =>
            WaitForRuns(failuresAreErrors: !IgnoreFailure, includeHistory, successWithFailuresFails: FailOn is not null);
    }
}
