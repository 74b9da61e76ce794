using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Completion;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>Makes a session the default of the runspace.</summary>
    /// <remarks>
    /// <para>Use-DbxSession makes a connected session of the runspace (a session, or its name) the default: the cmdlets use it when given no -Session, until Connect-DbxWorkspace connects another or Use-DbxSession picks another. It does not connect again; the session keeps its token.</para>
    /// <para>A session made in another runspace is refused, since each runspace keeps its own sessions: give it with -Session there, or connect in this runspace.</para>
    /// </remarks>
    /// <example title="Go back to a workspace connected before">
    /// <code>
    /// Connect-DbxWorkspace -Profile prod -Name prod
    /// Connect-DbxWorkspace -Profile dev -Name dev
    /// Use-DbxSession prod
    /// Get-DbxJob
    /// </code>
    /// <para>After connecting to dev, lists the jobs of prod again without -Session.</para>
    /// </example>
    /// <example title="Pick a session from the list">
    /// <code>
    /// Get-DbxSession -All | Where-Object AuthType -eq AzureManagedIdentity | Use-DbxSession -PassThru
    /// </code>
    /// <para>Makes the session that authenticates as the managed identity the default, and shows it.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/aws/en/dev-tools/auth/unified-auth">Databricks unified authentication: where credentials are looked for</seealso>
    /// <seealso cref="GetDbxSessionCommand"/>
    /// <seealso cref="ConnectDbxWorkspaceCommand"/>
    [Cmdlet(VerbsOther.Use, "DbxSession")]
    [OutputType(typeof(DatabricksSession))]
    public sealed class UseDbxSessionCommand : PSCmdlet
    {
        /// <summary>The session to make the default, or its name, also from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        [SessionTransformation]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public DatabricksSession? Session { get; set; }

        /// <summary>Write the session, which is the default now.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var session = Session!;
            if (!session.IsConnected)
            {
                WriteError(ErrorRecords.Create($"The session '{session.Name}' to {session.Host} was disconnected: run Connect-DbxWorkspace again.",
                    "SessionDisconnected", ErrorCategory.ConnectionError, session));
                return;
            }
            if (!SessionStore.MakeDefault(session))
            {
                WriteError(ErrorRecords.Create($"The session '{session.Name}' to {session.Host} was made in another runspace: give it with -Session, or connect in this runspace.",
                    "SessionOfAnotherRunspace", ErrorCategory.InvalidArgument, session));
                return;
            }
            if (PassThru) WriteObject(session);
        }
    }
}
