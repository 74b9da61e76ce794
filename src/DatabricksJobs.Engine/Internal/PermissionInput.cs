using System;
using System.Management.Automation;
using System.Text.Json;
using DatabricksJobs.Models;

namespace DatabricksJobs.Internal
{
    /// <summary>Grants as the permission cmdlets take them: hashtables with the API's names, or the module's JobPermission objects.</summary>
    internal static class PermissionInput
    {
        public static readonly string[] Levels = { "CAN_VIEW", "CAN_MANAGE_RUN", "IS_OWNER", "CAN_MANAGE" };

        /// <summary>One grant; null for an inherited JobPermission, which is not the job's own to set.</summary>
        public static JobAccessControlRequest? ToRequest(object item)
        {
            if ((item is PSObject ps ? ps.BaseObject : item) is JobPermission permission)
            {
                if (permission.Inherited) return null;
                return Checked(new JobAccessControlRequest
                {
                    UserName = permission.PrincipalType == "User" ? permission.Principal : null,
                    GroupName = permission.PrincipalType == "Group" ? permission.Principal : null,
                    ServicePrincipalName = permission.PrincipalType == "ServicePrincipal" ? permission.Principal : null,
                    PermissionLevel = permission.PermissionLevel,
                }, item);
            }
            var node = PowerShellJson.ToObject(item, "-AccessControl");
            JobAccessControlRequest? request;
            try
            {
                request = node.Deserialize(DatabricksJsonContext.Default.JobAccessControlRequest);
            }
            catch (JsonException e)
            {
                throw new ArgumentException($"-AccessControl item {node.ToJsonString()} is not a grant: {e.Message}", e);
            }
            return Checked(request ?? new JobAccessControlRequest(), item);
        }

        private static JobAccessControlRequest Checked(JobAccessControlRequest request, object item)
        {
            var principals = (request.UserName is null ? 0 : 1) + (request.GroupName is null ? 0 : 1) + (request.ServicePrincipalName is null ? 0 : 1);
            if (principals != 1)
                throw new ArgumentException($"A grant names exactly one of user_name, group_name and service_principal_name: {Describe(item)}.");
            if (Array.IndexOf(Levels, request.PermissionLevel) < 0)
                throw new ArgumentException($"A grant's permission_level is one of {string.Join(", ", Levels)}: {Describe(item)}.");
            return request;
        }

        private static string Describe(object item) => PowerShellJson.ToNode(item is PSObject ps && ps.BaseObject is JobPermission p ? p.ToString() : item, "-AccessControl")?.ToJsonString() ?? "null";
    }
}
