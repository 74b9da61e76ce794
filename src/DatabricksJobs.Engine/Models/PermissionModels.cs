using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Models
{
    /// <summary>A job's access control list (GET, PUT and PATCH /api/2.0/permissions/jobs/{job_id}).</summary>
    public sealed class JobPermissions : ApiObject
    {
        public string? ObjectId { get; set; }
        public string? ObjectType { get; set; }
        public List<JobAccessControlResponse>? AccessControlList { get; set; }
    }

    /// <summary>One principal's permissions on a job, direct and inherited.</summary>
    public sealed class JobAccessControlResponse : ApiObject
    {
        public string? UserName { get; set; }
        public string? GroupName { get; set; }
        public string? ServicePrincipalName { get; set; }
        public string? DisplayName { get; set; }
        public List<PermissionGrant>? AllPermissions { get; set; }
    }

    /// <summary>The API's JobPermission: a level, and whether it is inherited (and from what).</summary>
    public sealed class PermissionGrant : ApiObject
    {
        public string? PermissionLevel { get; set; }
        public bool Inherited { get; set; }
        public List<string>? InheritedFromObject { get; set; }
    }

    /// <summary>The body of PUT and PATCH: direct grants, each to exactly one user, group or service principal.</summary>
    public sealed class JobAccessControlRequestList
    {
        public List<JobAccessControlRequest>? AccessControlList { get; set; }
    }

    public sealed class JobAccessControlRequest
    {
        public string? UserName { get; set; }
        public string? GroupName { get; set; }
        public string? ServicePrincipalName { get; set; }
        public string? PermissionLevel { get; set; }
    }

    public sealed class GetJobPermissionLevelsResponse : ApiObject
    {
        public List<JobPermissionLevel>? PermissionLevels { get; set; }
    }

    /// <summary>A permission level that can be granted on a job, and what it allows.</summary>
    public sealed class JobPermissionLevel : ApiObject
    {
        public string? PermissionLevel { get; set; }
        public string? Description { get; set; }

        public override string ToString() => PermissionLevel ?? "";
    }

    /// <summary>
    /// One permission of one principal on a job, as the permission cmdlets write it: the API's nested access control
    /// list made flat, so that it can be filtered, shown as a table and piped back into Set-DbxJobPermission.
    /// </summary>
    public sealed class JobPermission
    {
        public long JobId { get; set; }
        /// <summary>The user name, group name or service principal application id.</summary>
        public string? Principal { get; set; }
        /// <summary>User, Group or ServicePrincipal.</summary>
        public string? PrincipalType { get; set; }
        public string? DisplayName { get; set; }
        public string? PermissionLevel { get; set; }
        public bool Inherited { get; set; }
        public string? InheritedFrom { get; set; }

        public override string ToString() => $"{Principal}: {PermissionLevel}";

        internal static IEnumerable<JobPermission> From(long jobId, JobPermissions permissions) =>
            from entry in permissions.AccessControlList ?? new List<JobAccessControlResponse>()
            from grant in entry.AllPermissions ?? new List<PermissionGrant>()
            select new JobPermission
            {
                JobId = jobId,
                Principal = entry.UserName ?? entry.GroupName ?? entry.ServicePrincipalName,
                PrincipalType = entry.UserName is not null ? "User" : entry.GroupName is not null ? "Group" : "ServicePrincipal",
                DisplayName = entry.DisplayName,
                PermissionLevel = grant.PermissionLevel,
                Inherited = grant.Inherited,
                InheritedFrom = grant.InheritedFromObject is { Count: > 0 } sources ? string.Join(", ", sources) : null,
            };
    }
}
