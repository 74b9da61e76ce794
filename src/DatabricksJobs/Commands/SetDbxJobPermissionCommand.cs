using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Replaces the direct grants of jobs (PUT): afterwards the job's own grants are exactly the ones given; inherited
    /// ones (such as the admins') stay. To add one grant and keep the others, use Add-DbxJobPermission.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "DbxJobPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(JobPermission))]
    public sealed class SetDbxJobPermissionCommand : DbxCmdlet
    {
        /// <summary>The jobs, also from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long[]? JobId { get; set; }

        /// <summary>
        /// The grants: hashtables such as @{ group_name = 'data-eng'; permission_level = 'CAN_MANAGE_RUN' } (one of
        /// user_name, group_name, service_principal_name, and permission_level), or JobPermission objects from
        /// Get-DbxJobPermission (inherited ones are left out).
        /// </summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public object[]? AccessControl { get; set; }

        /// <summary>Return the job's permissions as they are afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private List<JobAccessControlRequest>? _grants;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            try
            {
                _grants = AccessControl!.Select(PermissionInput.ToRequest).Where(g => g is not null).Select(g => g!).ToList();
            }
            catch (System.ArgumentException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e.Message, "InvalidGrant", ErrorCategory.InvalidArgument, AccessControl, e));
            }
        }

        protected override void ProcessRecord()
        {
            var summary = string.Join(", ", _grants!.Select(g => $"{g.UserName ?? g.GroupName ?? g.ServicePrincipalName} {g.PermissionLevel}"));
            foreach (var id in JobId!)
            {
                if (!ShouldProcess($"Job {id}", $"Replace the direct permissions with: {summary}")) continue;
                ForItem(id, () =>
                {
                    var permissions = Await(context => Jobs.SetPermissionsAsync(id, _grants!, context));
                    if (PassThru) WriteObject(JobPermission.From(id, permissions), enumerateCollection: true);
                });
            }
        }
    }
}
