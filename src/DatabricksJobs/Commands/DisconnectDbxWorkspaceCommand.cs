using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Completion;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>Ends sessions and forgets their tokens.</summary>
    /// <remarks>
    /// <para>Disconnect-DbxWorkspace ends the given session (a session, or its name), the default session of the runspace, or with -All every session of the runspace. Cmdlets given a disconnected session fail with a clear error instead of sending requests, and its name is free to be used again.</para>
    /// <para>If the session was the default, there is no default afterwards, rather than another workspace picked for you: Use-DbxSession makes another session the default.</para>
    /// </remarks>
    /// <example title="End the default session">
    /// <code>
    /// Disconnect-DbxWorkspace
    /// </code>
    /// <para>Forgets the token of the default session; the next cmdlet asks you to connect first.</para>
    /// </example>
    /// <example title="End a session by name">
    /// <code>
    /// Disconnect-DbxWorkspace -Session dev
    /// </code>
    /// <para>Ends the session named dev; the others, and the default, stay as they are.</para>
    /// </example>
    /// <example title="End every session">
    /// <code>
    /// Disconnect-DbxWorkspace -All
    /// </code>
    /// <para>Ends every session of the runspace, as at the end of a runbook. Sessions can also be piped in: Get-DbxSession -Name 'test-*' | Disconnect-DbxWorkspace.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/aws/en/dev-tools/auth/unified-auth">Databricks unified authentication: where credentials are looked for</seealso>
    /// <seealso cref="ConnectDbxWorkspaceCommand"/>
    /// <seealso cref="GetDbxSessionCommand"/>
    [Cmdlet(VerbsCommunications.Disconnect, "DbxWorkspace", DefaultParameterSetName = SessionSet)]
    [OutputType(typeof(void))]
    public sealed class DisconnectDbxWorkspaceCommand : PSCmdlet
    {
        private const string SessionSet = "Session";
        private const string AllSet = "All";

        /// <summary>The session to end, or its name, also from the pipeline; by default the runspace's default session.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = SessionSet)]
        [ValidateNotNull]
        [SessionTransformation]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public DatabricksSession? Session { get; set; }

        /// <summary>End every session of the runspace.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord()
        {
            if (All)
            {
                foreach (var session in SessionStore.All) End(session);
                return;
            }
            if ((Session ?? SessionStore.Default) is { } one) End(one);
        }

        private static void End(DatabricksSession session)
        {
            session.Disconnect();
            SessionStore.Remove(session);
        }
    }
}
