using System;
using System.Threading;

namespace DatabricksJobs.Client
{
    /// <summary>What one call carries: where its verbose lines go, and what cancels it (Ctrl+C).</summary>
    public readonly struct CallContext
    {
        public CallContext(Action<string>? verbose, CancellationToken cancellation)
        {
            Verbose = verbose;
            Cancellation = cancellation;
        }

        public Action<string>? Verbose { get; }
        public CancellationToken Cancellation { get; }
    }
}
