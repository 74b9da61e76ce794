using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Completion;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>Changes jobs' clusters to comply with their cluster policies.</summary>
    /// <remarks>
    /// <para>Repair-DbxJobCompliance updates the clusters a job creates when it runs (its job clusters and its tasks' new clusters) to comply with the current versions of their cluster policies, as the workspace derives the changes from the policies; all-purpose clusters the job uses are not changed. It returns, for each job, HasChanges, JobClusterChanges (each Field with its PreviousValue and NewValue, as text) and the job's Settings after the changes.</para>
    /// <para>It rewrites the job's cluster definitions, so it asks for confirmation of each job (ConfirmImpact High); -Confirm:$false changes them without asking. -ValidateOnly asks the workspace what would change and changes nothing (it does not ask for confirmation); -WhatIf only names the jobs that would be enforced, without asking the workspace anything.</para>
    /// </remarks>
    /// <example title="Preview the changes">
    /// <code>
    /// (Repair-DbxJobCompliance -JobId 1024 -ValidateOnly).JobClusterChanges
    /// </code>
    /// <para>Lists each field that would change, with its value before and after; the job stays as it is.</para>
    /// </example>
    /// <example title="Bring every job of a policy back into compliance">
    /// <code>
    /// Get-DbxJobCompliance -PolicyId 0123456789ABCDEF | Where-Object { -not $_.IsCompliant } | Repair-DbxJobCompliance -Confirm:$false
    /// </code>
    /// <para>Enforces the policy on each job that no longer meets it, without asking.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/policycomplianceforjobs/enforcecompliance">Policy compliance for jobs API: POST /api/2.0/policies/jobs/enforce-compliance</seealso>
    /// <seealso cref="GetDbxJobComplianceCommand"/>
    /// <seealso cref="GetDbxJobCommand"/>
    [Cmdlet(VerbsDiagnostic.Repair, "DbxJobCompliance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EnforcePolicyComplianceResponse))]
    public sealed class RepairDbxJobComplianceCommand : DbxCmdlet
    {
        /// <summary>The jobs to bring into compliance, also from the pipeline: job ids, or jobs and compliance results (their JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long[]? JobId { get; set; }

        /// <summary>Returns the changes that would be made, and makes none.</summary>
        [Parameter]
        public SwitchParameter ValidateOnly { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in JobId!)
            {
                // A preview changes nothing, so it is not subject to confirmation.
                if (!ValidateOnly && !ShouldProcess($"Job {id}", "Enforce cluster policy compliance")) continue;
                ForItem(id, () => WriteObject(Await(context => Jobs.EnforceComplianceAsync(id, ValidateOnly, context))));
            }
        }
    }
}
