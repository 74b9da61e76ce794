using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using DatabricksJobs.Client;

namespace DatabricksJobs.Internal
{
    /// <summary>The default session of each runspace: what Connect-DbxWorkspace made last there.</summary>
    internal static class SessionStore
    {
        private sealed class Holder
        {
            public DatabricksSession? Session;
        }

        private static readonly ConditionalWeakTable<Runspace, Holder> Defaults = new ConditionalWeakTable<Runspace, Holder>();

        public static DatabricksSession? Default
        {
            get => Runspace.DefaultRunspace is { } runspace && Defaults.TryGetValue(runspace, out var holder) ? holder.Session : null;
            set
            {
                if (Runspace.DefaultRunspace is { } runspace) Defaults.GetOrCreateValue(runspace).Session = value;
            }
        }
    }
}
