namespace DatabricksJobs.Emulator.Model;

/// <summary>One direct grant: exactly one of the principal fields, and a level.</summary>
public sealed class AccessControlRequest
{
    public string? UserName { get; set; }
    public string? GroupName { get; set; }
    public string? ServicePrincipalName { get; set; }
    public string? PermissionLevel { get; set; }
}

public sealed class JobAccessControlListRequest
{
    public List<AccessControlRequest>? AccessControlList { get; set; }
}

public sealed class JobPermission
{
    public string? PermissionLevel { get; set; }
    public bool Inherited { get; set; }
    public List<string>? InheritedFromObject { get; set; }
}

public sealed class JobAccessControlResponse
{
    public string? UserName { get; set; }
    public string? GroupName { get; set; }
    public string? ServicePrincipalName { get; set; }
    public string? DisplayName { get; set; }
    public List<JobPermission> AllPermissions { get; set; } = [];
}

public sealed class JobPermissions
{
    public string ObjectId { get; set; } = "";
    public string ObjectType { get; set; } = "job";
    public List<JobAccessControlResponse> AccessControlList { get; set; } = [];
}

public sealed class JobPermissionsDescription
{
    public string? PermissionLevel { get; set; }
    public string? Description { get; set; }
}

public sealed class GetJobPermissionLevelsResponse
{
    public List<JobPermissionsDescription> PermissionLevels { get; set; } = [];
}

// Policy compliance for jobs.

public sealed class GetPolicyComplianceResponse
{
    public bool IsCompliant { get; set; } = true;
    public Dictionary<string, string> Violations { get; set; } = [];
}

public sealed class JobCompliance
{
    public long JobId { get; set; }
    public bool IsCompliant { get; set; } = true;
    public Dictionary<string, string> Violations { get; set; } = [];
}

public sealed class ListJobComplianceForPolicyResponse
{
    public List<JobCompliance> Jobs { get; set; } = [];
    public string? NextPageToken { get; set; }
    public string? PrevPageToken { get; set; }
}

public sealed class EnforcePolicyComplianceResponse
{
    public bool HasChanges { get; set; }
    public List<JobClusterSettingsChange> JobClusterChanges { get; set; } = [];
    public System.Text.Json.Nodes.JsonObject? Settings { get; set; }
}

public sealed class JobClusterSettingsChange
{
    public string? Field { get; set; }
    public string? PreviousValue { get; set; }
    public string? NewValue { get; set; }
}
