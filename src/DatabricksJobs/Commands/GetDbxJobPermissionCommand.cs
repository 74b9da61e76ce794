using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Gets who may do what with jobs.</summary>
    /// <remarks>
    /// <para>Get-DbxJobPermission reads the access control list of jobs and writes one JobPermission per principal and permission: the principal (a user name, group name or service principal application id), its type, the permission level, and whether it is inherited (such as the workspace admins' CAN_MANAGE) and from what. The objects can be filtered and passed back to Set-DbxJobPermission.</para>
    /// </remarks>
    /// <example title="See who can manage the nightly job">
    /// <code>
    /// Get-DbxJob -Name 'nightly load' | Get-DbxJobPermission | Where-Object PermissionLevel -in CAN_MANAGE, IS_OWNER
    /// </code>
    /// <para>Lists the owner and managers, inherited or not.</para>
    /// </example>
    /// <example title="Find the owner of every job">
    /// <code>
    /// Get-DbxJob | Get-DbxJobPermission | Where-Object PermissionLevel -eq IS_OWNER
    /// </code>
    /// <para>One line per job: the job id and its owner.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/getpermissions">Jobs API: GET /api/2.0/permissions/jobs/{job_id}</seealso>
    /// <seealso cref="AddDbxJobPermissionCommand"/>
    /// <seealso cref="SetDbxJobPermissionCommand"/>
    /// <seealso cref="GetDbxJobPermissionLevelCommand"/>
    [Cmdlet(VerbsCommon.Get, "DbxJobPermission")]
    [OutputType(typeof(JobPermission))]
    public sealed class GetDbxJobPermissionCommand : DbxCmdlet
    {
        /// <summary>The jobs, also from the pipeline: job ids, or jobs (their JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long[]? JobId { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in JobId!)
                ForItem(id, () => WriteObject(JobPermission.From(id, Await(context => Jobs.GetPermissionsAsync(id, context))), enumerateCollection: true));
        }
    }
}
