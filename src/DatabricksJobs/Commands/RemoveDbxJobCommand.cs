using System.Collections.Generic;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Deletes jobs.</summary>
    /// <remarks>
    /// <para>Remove-DbxJob deletes jobs by id, also from the pipeline, or by -Name. Their past runs stay readable with Get-DbxRun -RunId. Deleting cannot be undone, so it asks for confirmation of each job (ConfirmImpact High); -Confirm:$false deletes without asking, and -WhatIf shows what would be deleted.</para>
    /// </remarks>
    /// <example title="Delete the jobs of a test">
    /// <code>
    /// Get-DbxJob -Name 'test-*' | Remove-DbxJob -Confirm:$false
    /// </code>
    /// <para>Deletes every job whose name starts with test- without asking.</para>
    /// </example>
    /// <example title="Delete a job by its name">
    /// <code>
    /// Remove-DbxJob -Name 'nightly load (old)'
    /// </code>
    /// <para>Asks, then deletes the job of that name; if several jobs have it, deletes none and lists their ids (-All deletes them all).</para>
    /// </example>
    /// <example title="See what would be deleted">
    /// <code>
    /// Get-DbxJob -Name 'old-*' | Remove-DbxJob -WhatIf
    /// </code>
    /// <para>Lists the jobs that would be deleted, and deletes none.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/delete">Jobs API: POST /api/2.2/jobs/delete</seealso>
    /// <seealso cref="GetDbxJobCommand"/>
    /// <seealso cref="StopDbxRunCommand"/>
    /// <seealso cref="ExportDbxJobCommand"/>
    [Cmdlet(VerbsCommon.Remove, "DbxJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(void))]
    public sealed class RemoveDbxJobCommand : DbxCmdlet
    {
        /// <summary>The jobs to delete, also from the pipeline: job ids, or jobs (their JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long[]? JobId { get; set; }

        /// <summary>The name of the job to delete (exact, case-insensitive). A name no job has is an error; so is one several jobs share, unless -All.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByNameSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(JobNameCompleter))]
        public string? Name { get; set; }

        /// <summary>With -Name: delete every job of that name.</summary>
        [Parameter(ParameterSetName = ByNameSet)]
        public SwitchParameter All { get; set; }

        private const string ByIdSet = "ById";
        private const string ByNameSet = "ByName";

        protected override void ProcessRecord()
        {
            IReadOnlyList<long> ids = JobId ?? new long[0];
            if (ParameterSetName == ByNameSet)
                ForItem(Name!, () => ids = JobIdsNamed(Name!, All));
            foreach (var id in ids)
            {
                if (!ShouldProcess($"Job {id}", "Delete")) continue;
                ForItem(id, () => Await(context => Jobs.DeleteJobAsync(id, context)));
            }
        }
    }
}
