using System.Collections.Generic;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Grants one user, group or service principal a permission level on jobs (PATCH), keeping the other grants.</summary>
    [Cmdlet(VerbsCommon.Add, "DbxJobPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = UserSet)]
    [OutputType(typeof(JobPermission))]
    public sealed class AddDbxJobPermissionCommand : DbxCmdlet
    {
        private const string UserSet = "User";
        private const string GroupSet = "Group";
        private const string ServicePrincipalSet = "ServicePrincipal";

        /// <summary>The jobs, also from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
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

        /// <summary>The level: CAN_VIEW, CAN_MANAGE_RUN, CAN_MANAGE or IS_OWNER.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateSet("CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER")]
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
