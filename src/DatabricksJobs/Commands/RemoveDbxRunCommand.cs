using System.Management.Automation;

namespace DatabricksJobs.Commands
{
    /// <summary>Deletes finished runs (runs/delete); the service refuses to delete an active run: cancel it first.</summary>
    [Cmdlet(VerbsCommon.Remove, "DbxRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveDbxRunCommand : DbxCmdlet
    {
        /// <summary>The runs to delete, also from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        public long[]? RunId { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in RunId!)
            {
                if (!ShouldProcess($"Run {id}", "Delete")) continue;
                ForItem(id, () => Await(context => Jobs.DeleteRunAsync(id, context)));
            }
        }
    }
}
