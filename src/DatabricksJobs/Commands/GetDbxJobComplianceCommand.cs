using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Client;
using DatabricksJobs.Completion;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>Gets whether jobs comply with their cluster policies.</summary>
    /// <remarks>
    /// <para>Get-DbxJobCompliance checks the clusters a job creates when it runs (its job clusters and its tasks' new clusters) against the current versions of their cluster policies. A job falls out of compliance when a policy it uses changes after the job was last edited. Each result has the job's id, IsCompliant, and Violations: messages keyed by the field they are about, the job cluster or task first, as in job_clusters[main].new_cluster.spark_version.</para>
    /// <para>Give -JobId (also from the pipeline, so Get-DbxJob output can be piped in) for given jobs, or -PolicyId for every job that uses a policy, read a page at a time. Repair-DbxJobCompliance brings a job back into compliance.</para>
    /// </remarks>
    /// <example title="Check a job">
    /// <code>
    /// Get-DbxJobCompliance -JobId 1024
    /// </code>
    /// <para>Shows whether job 1024 complies, and what breaks its policies if not.</para>
    /// </example>
    /// <example title="Find the jobs a policy change left out of compliance">
    /// <code>
    /// Get-DbxJobCompliance -PolicyId 0123456789ABCDEF | Where-Object { -not $_.IsCompliant }
    /// </code>
    /// <para>Lists the jobs that use the policy and no longer meet it.</para>
    /// </example>
    /// <example title="Check jobs by name">
    /// <code>
    /// Get-DbxJob -Name 'nightly-*' | Get-DbxJobCompliance
    /// </code>
    /// <para>Checks each job whose name starts with nightly-.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/policycomplianceforjobs/getcompliance">Policy compliance for jobs API: GET /api/2.0/policies/jobs/get-compliance</seealso>
    /// <seealso href="https://docs.databricks.com/api/workspace/policycomplianceforjobs/listcompliance">Policy compliance for jobs API: GET /api/2.0/policies/jobs/list-compliance</seealso>
    /// <seealso cref="RepairDbxJobComplianceCommand"/>
    /// <seealso cref="GetDbxJobCommand"/>
    [Cmdlet(VerbsCommon.Get, "DbxJobCompliance", DefaultParameterSetName = ByJobSet)]
    [OutputType(typeof(JobCompliance))]
    public sealed class GetDbxJobComplianceCommand : DbxCmdlet
    {
        /// <summary>The jobs to check, also from the pipeline: job ids (1024, 2048 | Get-DbxJobCompliance), or jobs (their JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByJobSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long[]? JobId { get; set; }

        /// <summary>The id of a cluster policy: checks every job whose clusters use it. $null or a blank id is an error.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByPolicySet)]
        [Alias("policy_id")]
        [ValidateId]
        public string? PolicyId { get; set; }

        private const string ByJobSet = "ByJob";
        private const string ByPolicySet = "ByPolicy";

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByPolicySet)
            {
                ForItem(PolicyId!, () =>
                {
                    foreach (var job in AllPages((token, context) => Jobs.ListCompliancePageAsync(PolicyId!, token, context), page => page.Jobs, page => page.NextPageToken))
                        WriteObject(job);
                });
                return;
            }
            foreach (var id in JobId!)
                ForItem(id, () => WriteObject(Await(context => Jobs.GetComplianceAsync(id, context))));
        }
    }
}
