using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>Ends a session and forgets its token.</summary>
    /// <remarks>
    /// <para>Disconnect-DbxWorkspace ends the given session, or the default session of the runspace. Cmdlets given a disconnected session fail with a clear error instead of sending requests. If the session was the default, there is no default afterwards.</para>
    /// </remarks>
    /// <example title="End the default session">
    /// <code>
    /// Disconnect-DbxWorkspace
    /// </code>
    /// <para>Forgets the token of the default session; the next cmdlet asks you to connect first.</para>
    /// </example>
    /// <example title="End every session you made">
    /// <code>
    /// $sessions = $dev, $prod
    /// $sessions | Disconnect-DbxWorkspace
    /// </code>
    /// <para>Sessions can be piped in.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Disconnect, "DbxWorkspace")]
    [OutputType(typeof(void))]
    public sealed class DisconnectDbxWorkspaceCommand : PSCmdlet
    {
        /// <summary>The session to end; by default the runspace's default session.</summary>
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
