using System.Management.Automation;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Deletes jobs.</summary>
    /// <remarks>
    /// <para>Remove-DbxJob deletes jobs by id, also from the pipeline. Their past runs stay readable with Get-DbxRun -RunId. It asks for confirmation when $ConfirmPreference is Medium or lower, and supports -WhatIf.</para>
    /// </remarks>
    /// <example title="Delete the jobs of a test">
    /// <code>
    /// Get-DbxJob -Name 'test-*' | Remove-DbxJob -Confirm:$false
    /// </code>
    /// <para>Deletes every job whose name starts with test- without asking.</para>
    /// </example>
    /// <example title="See what would be deleted">
    /// <code>
    /// Get-DbxJob -Name 'old-*' | Remove-DbxJob -WhatIf
    /// </code>
    /// <para>Lists the jobs that would be deleted, and deletes none.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Remove, "DbxJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RemoveDbxJobCommand : DbxCmdlet
    {
        /// <summary>The jobs to delete, also from the pipeline.</summary>
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
