using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>Ends a session (by default the runspace's default one) and forgets its token.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "DbxWorkspace")]
    [OutputType(typeof(void))]
    public sealed class DisconnectDbxWorkspaceCommand : PSCmdlet
    {
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNull]
        public DatabricksSession? Session { get; set; }

        protected override void ProcessRecord()
        {
            var session = Session ?? SessionStore.Default;
            if (session is null) return;
            session.Disconnect();
            if (ReferenceEquals(session, SessionStore.Default)) SessionStore.Default = null;
        }
    }
}
