using System.Management.Automation;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Deletes jobs. Their past runs stay readable.</summary>
    [Cmdlet(VerbsCommon.Remove, "DbxJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveDbxJobCommand : DbxCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long[]? JobId { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in JobId!)
            {
                if (!ShouldProcess($"Job {id}", "Delete")) continue;
                ForItem(id, () => Await(context => Jobs.DeleteJobAsync(id, context)));
            }
        }
    }
}
