using System;
using System.Threading;
using System.Threading.Tasks;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// What one call carries: where its verbose lines go, what cancels it (Ctrl+C), by when its requests must end, and
    /// how to run something on the caller's own thread (a PowerShell script block must run on its runspace's pipeline
    /// thread, not on the thread the HTTP work happens on).
    /// </summary>
    public readonly struct CallContext
    {
        public CallContext(Action<string>? verbose, CancellationToken cancellation, Func<Action, Task>? onCallerThread = null, DateTime? deadline = null)
        {
            Verbose = verbose;
            Cancellation = cancellation;
            OnCallerThread = onCallerThread;
            Deadline = deadline;
        }

        /// <summary>
        /// Where verbose lines go; null when no one would see them, so write them as <c>context.Verbose?.Invoke($"...")</c>,
        /// which does not make the text then.
        /// </summary>
        public Action<string>? Verbose { get; }
        public CancellationToken Cancellation { get; }

        /// <summary>
        /// When (UTC) every request of the call must have ended, or null for no limit beyond the retry policy's: no request
        /// is sent or retried after it, and one in flight then is abandoned as unanswered (see RetryingSender).
        /// </summary>
        public DateTime? Deadline { get; }

        /// <summary>Runs an action on the caller's thread; the task ends when it has run, with its exception if it threw. Null where the caller has no such thread.</summary>
        public Func<Action, Task>? OnCallerThread { get; }
    }
}
