using System.Management.Automation;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>Deletes finished runs.</summary>
    /// <remarks>
    /// <para>Remove-DbxRun deletes runs (runs/delete), also from the pipeline. The workspace refuses to delete a run that is still active: cancel it first with Stop-DbxRun -Wait. A deleted run is gone for good (its output and history too), so it asks for confirmation of each run (ConfirmImpact High); -Confirm:$false deletes without asking, as a runbook must, and -WhatIf shows what would be deleted.</para>
    /// <para>-RunId $null, an empty list or 0 is a parameter binding error, so that a lookup that found nothing deletes nothing.</para>
    /// </remarks>
    /// <example title="Delete the failed runs of a job">
    /// <code>
    /// Get-DbxRun -JobId 1024 -Completed | Where-Object ResultState -eq FAILED | Remove-DbxRun -Confirm:$false
    /// </code>
    /// <para>Deletes each failed run; a run that cannot be deleted writes an error and the others are still deleted.</para>
    /// </example>
    /// <example title="Cancel a run and delete it">
    /// <code>
    /// Stop-DbxRun -RunId 4711 -Wait | Remove-DbxRun
    /// </code>
    /// <para>Waits for the run to end, then asks before deleting it.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/deleterun">Jobs API: POST /api/2.2/jobs/runs/delete</seealso>
    /// <seealso cref="GetDbxRunCommand"/>
    /// <seealso cref="StopDbxRunCommand"/>
    /// <seealso cref="ExportDbxRunCommand"/>
    [Cmdlet(VerbsCommon.Remove, "DbxRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveDbxRunCommand : DbxCmdlet
    {
        /// <summary>The runs to delete, also from the pipeline: run ids, or runs (their RunId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        [ValidateId]
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
