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
    /// <para>Grants are hashtables with one of user_name, group_name or service_principal_name, and a permission_level, or JobPermission objects from Get-DbxJobPermission (inherited ones are left out). A malformed grant stops the cmdlet before anything is sent, and so do grants that are all inherited (nothing would be left to set, and every direct grant would go).</para>
    /// <para>Replacing can remove grants, and the owner, so it asks for confirmation of each job (ConfirmImpact High), after reading the job's current grants: the question names each direct grant it would remove (and says so when the owner's IS_OWNER grant would go) and each grant it would add. -Confirm:$false replaces without asking, as a runbook must; -WhatIf shows the same text and changes nothing.</para>
    /// </remarks>
    /// <example title="Give a group run rights and nobody else direct rights">
    /// <code>
    /// Set-DbxJobPermission -JobId 1024 -AccessControl @{ group_name = 'data-eng'; permission_level = 'CAN_MANAGE_RUN' } -PassThru
    /// </code>
    /// <para>Asks, naming the grants that would be removed; then the owner keeps IS_OWNER and every other direct grant is removed.</para>
    /// </example>
    /// <example title="Remove one user's access">
    /// <code>
    /// $keep = Get-DbxJobPermission -JobId 1024 | Where-Object Principal -ne 'leaver@example.com'
    /// Set-DbxJobPermission -JobId 1024 -AccessControl $keep -Confirm:$false
    /// </code>
    /// <para>Reads the grants, leaves one out, and sets the rest without asking.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/setpermissions">Jobs API: PUT /api/2.0/permissions/jobs/{job_id}</seealso>
    /// <seealso cref="GetDbxJobPermissionCommand"/>
    /// <seealso cref="AddDbxJobPermissionCommand"/>
    /// <seealso cref="GetDbxJobPermissionLevelCommand"/>
    [Cmdlet(VerbsCommon.Set, "DbxJobPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(JobPermission))]
    public sealed class SetDbxJobPermissionCommand : DbxCmdlet
    {
        /// <summary>The jobs, also from the pipeline: job ids, or jobs (their JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
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
            // Filtering Get-DbxJobPermission's output down to inherited grants leaves nothing to set; sending that would remove every direct grant.
            if (_grants!.Count == 0)
                ThrowTerminatingError(ErrorRecords.Create(
                    $"-AccessControl holds only inherited grants ({AccessControl!.Length}), which are not the job's own to set: nothing would be left to set, and every direct grant but the owner's would be removed. Give the direct grants the job is to have.",
                    "NoDirectGrant", ErrorCategory.InvalidArgument, AccessControl));
        }

        protected override void ProcessRecord()
        {
            foreach (var id in JobId!)
            {
                ForItem(id, () =>
                {
                    // Read first, so that the question names what replacing takes away.
                    var direct = JobPermission.From(id, Await(context => Jobs.GetPermissionsAsync(id, context))).Where(p => !p.Inherited).ToList();
                    if (!ShouldProcess($"Job {id}", ReplaceAction(direct))) return;
                    var permissions = Await(context => Jobs.SetPermissionsAsync(id, _grants!, context));
                    if (PassThru) WriteObject(JobPermission.From(id, permissions), enumerateCollection: true);
                });
            }
        }

        /// <summary>
        /// Which of the job's direct grants replacing removes (the owner's only when another owner is given, as the
        /// service keeps the owner otherwise), and which grants it adds.
        /// </summary>
        private string ReplaceAction(List<JobPermission> direct)
        {
            var newOwner = _grants!.Any(g => g.PermissionLevel == "IS_OWNER");
            var removed = direct
                .Where(p => !_grants!.Any(g => Same(g, p)))
                .Where(p => p.PermissionLevel != "IS_OWNER" || newOwner)
                .Select(p => p.PermissionLevel == "IS_OWNER"
                    ? $"{Describe((p.PrincipalType, p.Principal))} (IS_OWNER: the job's owner is replaced)"
                    : $"{Describe((p.PrincipalType, p.Principal))} ({p.PermissionLevel})")
                .ToList();
            var granted = _grants!
                .Where(g => !direct.Any(p => Same(g, p)))
                .Select(g => $"{Describe(Principal(g))} {g.PermissionLevel}")
                .ToList();
            return $"Replace the direct grants: remove {(removed.Count == 0 ? "none" : string.Join(", ", removed))}; " +
                $"grant {(granted.Count == 0 ? "nothing new" : string.Join(", ", granted))}";
        }

        private static bool Same(JobAccessControlRequest grant, JobPermission permission) =>
            Principal(grant) == (permission.PrincipalType, permission.Principal) && grant.PermissionLevel == permission.PermissionLevel;

        /// <summary>A grant's principal as JobPermission names it (PrincipalType, Principal).</summary>
        private static (string? Type, string? Name) Principal(JobAccessControlRequest grant) =>
            grant.UserName is not null ? ("User", grant.UserName)
            : grant.GroupName is not null ? ("Group", grant.GroupName)
            : ("ServicePrincipal", grant.ServicePrincipalName);

        private static string Describe((string? Type, string? Name) principal) => principal.Type switch
        {
            "Group" => $"group {principal.Name}",
            "ServicePrincipal" => $"service principal {principal.Name}",
            _ => principal.Name ?? "",
        };
    }
}
