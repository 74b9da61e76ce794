using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>The runspace's default session, if there is one.</summary>
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
