using System.Management.Automation;

namespace DatabricksJobs.ConflictModule
{
    /// <summary>Uses Microsoft.Extensions.Http 8 (through dependency injection) and System.Text.Json 8, as such modules do.</summary>
    [Cmdlet(VerbsDiagnostic.Test, "ConflictProbe")]
    [OutputType(typeof(ConflictProbeResult))]
    public sealed class TestConflictProbeCommand : PSCmdlet
    {
        protected override void EndProcessing() => WriteObject(ConflictProbe.Run());
    }
}
