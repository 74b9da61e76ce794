using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Replaces the direct permissions of jobs.</summary>
    /// <remarks>
    /// <para>Set-DbxJobPermission replaces the grants made on the jobs themselves (a PUT of the access control list): afterwards they are exactly the ones given, and inherited grants (such as the admins') stay. The job's owner stays unless another owner is given. To add one grant and keep the others, use Add-DbxJobPermission.</para>
    /// <para>Grants are hashtables with one of user_name, group_name or service_principal_name, and a permission_level, or JobPermission objects from Get-DbxJobPermission (inherited ones are left out). A malformed grant stops the cmdlet before anything is sent.</para>
    /// </remarks>
    /// <example title="Give a group run rights and nobody else direct rights">
    /// <code>
    /// Set-DbxJobPermission -JobId 1024 -AccessControl @{ group_name = 'data-eng'; permission_level = 'CAN_MANAGE_RUN' } -PassThru
    /// </code>
    /// <para>The owner keeps IS_OWNER; every other direct grant is removed.</para>
    /// </example>
    /// <example title="Remove one user's access">
    /// <code>
    /// $keep = Get-DbxJobPermission -JobId 1024 | Where-Object Principal -ne 'leaver@example.com'
    /// Set-DbxJobPermission -JobId 1024 -AccessControl $keep
    /// </code>
    /// <para>Reads the grants, leaves one out, and sets the rest.</para>
    /// </example>
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
