using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Gets the permission levels that can be granted on a job.</summary>
    /// <remarks>
    /// <para>Get-DbxJobPermissionLevel lists the permission levels a job takes (CAN_VIEW, CAN_MANAGE_RUN, CAN_MANAGE, IS_OWNER) with what each allows, as the workspace describes them.</para>
    /// </remarks>
    /// <example title="See the levels of a job">
    /// <code>
    /// Get-DbxJobPermissionLevel -JobId 1024
    /// </code>
    /// <para>Shows each level and its description.</para>
    /// </example>
    /// <example title="Check that a level exists before granting it">
    /// <code>
    /// if ((Get-DbxJobPermissionLevel -JobId 1024).PermissionLevel -contains 'CAN_MANAGE_RUN') {
    ///     Add-DbxJobPermission -JobId 1024 -UserName operator@example.com -PermissionLevel CAN_MANAGE_RUN
    /// }
    /// </code>
    /// <para>Grants the level only when the workspace offers it.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/getpermissionlevels">Jobs API: GET /api/2.0/permissions/jobs/{job_id}/permissionLevels</seealso>
    /// <seealso cref="AddDbxJobPermissionCommand"/>
    /// <seealso cref="SetDbxJobPermissionCommand"/>
    /// <seealso cref="GetDbxJobPermissionCommand"/>
    [Cmdlet(VerbsCommon.Get, "DbxJobPermissionLevel")]
    [OutputType(typeof(JobPermissionLevel))]
    public sealed class GetDbxJobPermissionLevelCommand : DbxCmdlet
    {
        /// <summary>The job, also from the pipeline: a job id, or a job (its JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long JobId { get; set; }

        protected override void ProcessRecord() =>
            ForItem(JobId, () => WriteObject(Await(context => Jobs.GetPermissionLevelsAsync(JobId, context)).PermissionLevels, enumerateCollection: true));
    }
}
