using System.Collections.Generic;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Grants a user, group or service principal a permission on jobs.</summary>
    /// <remarks>
    /// <para>Add-DbxJobPermission grants one principal a permission level on each job given (a PATCH of the access control list), keeping the other grants. Levels: CAN_VIEW (see the job and its runs), CAN_MANAGE_RUN (also run and cancel), CAN_MANAGE (also change and delete), IS_OWNER (a user or service principal, not a group; runs run as the owner).</para>
    /// </remarks>
    /// <example title="Let a group run every ETL job">
    /// <code>
    /// Get-DbxJob -Name 'etl-*' | Add-DbxJobPermission -GroupName data-eng -PermissionLevel CAN_MANAGE_RUN
    /// </code>
    /// <para>Adds the grant to each job; the other grants stay.</para>
    /// </example>
    /// <example title="Make a service principal the owner">
    /// <code>
    /// Add-DbxJobPermission -JobId 1024 -ServicePrincipalName 6f1c1c1a-52b4-4c4c-9a7e-1f0e8d1e2b3c -PermissionLevel IS_OWNER -PassThru
    /// </code>
    /// <para>The runs of the job then run as the service principal.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/updatepermissions">Jobs API: PATCH /api/2.0/permissions/jobs/{job_id}</seealso>
    /// <seealso cref="GetDbxJobPermissionCommand"/>
    /// <seealso cref="SetDbxJobPermissionCommand"/>
    /// <seealso cref="GetDbxJobPermissionLevelCommand"/>
    [Cmdlet(VerbsCommon.Add, "DbxJobPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = UserSet)]
    [OutputType(typeof(JobPermission))]
    public sealed class AddDbxJobPermissionCommand : DbxCmdlet
    {
        private const string UserSet = "User";
        private const string GroupSet = "Group";
        private const string ServicePrincipalSet = "ServicePrincipal";

        /// <summary>The jobs, also from the pipeline: job ids (1024, 2048 | Add-DbxJobPermission ...), or jobs (their JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long[]? JobId { get; set; }

        /// <summary>The user's name (their e-mail address).</summary>
        [Parameter(Mandatory = true, ParameterSetName = UserSet)]
        [ValidateNotNullOrEmpty]
        public string? UserName { get; set; }

        /// <summary>The group's name.</summary>
        [Parameter(Mandatory = true, ParameterSetName = GroupSet)]
        [ValidateNotNullOrEmpty]
        public string? GroupName { get; set; }

        /// <summary>The service principal's application id.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ServicePrincipalSet)]
        [ValidateNotNullOrEmpty]
        public string? ServicePrincipalName { get; set; }

        /// <summary>The level: CAN_VIEW, CAN_MANAGE_RUN, CAN_MANAGE or IS_OWNER, in any case (can_view is sent as CAN_VIEW).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateSet("CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER")]
        [CanonicalSpelling("CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER")]
        public string? PermissionLevel { get; set; }

        /// <summary>Return the job's permissions as they are afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var grant = new JobAccessControlRequest { UserName = UserName, GroupName = GroupName, ServicePrincipalName = ServicePrincipalName, PermissionLevel = PermissionLevel };
            var principal = UserName ?? GroupName ?? ServicePrincipalName;
            foreach (var id in JobId!)
            {
                if (!ShouldProcess($"Job {id}", $"Grant {principal} {PermissionLevel}")) continue;
                ForItem(id, () =>
                {
                    var permissions = Await(context => Jobs.AddPermissionsAsync(id, new List<JobAccessControlRequest> { grant }, context));
                    if (PassThru) WriteObject(JobPermission.From(id, permissions), enumerateCollection: true);
                });
            }
        }
    }
}
