using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>Gets the default session of the runspace.</summary>
    /// <remarks>
    /// <para>Get-DbxSession returns the session that Connect-DbxWorkspace made last in this runspace, or nothing when there is none. The session shows the workspace host, the user, how it authenticated and whether it is still connected; it never shows the token.</para>
    /// </remarks>
    /// <example title="See which workspace you are connected to">
    /// <code>
    /// Get-DbxSession
    /// </code>
    /// <para>Shows the host, the user name and the authentication type of the default session.</para>
    /// </example>
    /// <example title="Connect only when not connected">
    /// <code>
    /// if (-not (Get-DbxSession)) { Connect-DbxWorkspace | Out-Null }
    /// </code>
    /// <para>Useful at the top of a script that may run in a session that is already connected.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "DbxSession")]
    [OutputType(typeof(DatabricksSession))]
    public sealed class GetDbxSessionCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            if (SessionStore.Default is { } session) WriteObject(session);
        }
    }
}
