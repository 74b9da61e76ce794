namespace DatabricksJobs.Emulator.Identity;

/// <summary>A service principal's OAuth secret: /oidc/v1/token issues tokens for the principal named by the client id.</summary>
public sealed record OAuthClient(string ClientId, string ClientSecret, bool IsAdmin = true)
{
    public override string ToString() => $"OAuthClient {{ ClientId = {ClientId}, IsAdmin = {IsAdmin} }}";
}

/// <summary>
/// An Azure identity: a managed identity (no secret; the system-assigned one, or user-assigned by client id) or a
/// service principal with a client secret. One that is not a workspace member gets in through the workspace
/// resource id header, as on Azure Databricks, and is a member from then on.
/// </summary>
public sealed record AzureIdentity(string ClientId, string? ClientSecret = null, bool SystemAssigned = false, bool IsWorkspaceMember = true, bool IsAdmin = true)
{
    public override string ToString() => $"AzureIdentity {{ ClientId = {ClientId}, SystemAssigned = {SystemAssigned}, IsWorkspaceMember = {IsWorkspaceMember} }}";
}

/// <summary>What an issued access token stands for.</summary>
public sealed record IssuedToken(string Principal, bool IsAdmin, string Audience, DateTimeOffset ExpiresAt);

/// <summary>The audiences of the tokens the emulator issues.</summary>
public static class Audiences
{
    /// <summary>Databricks OAuth (oidc/v1/token) tokens are for the workspace itself.</summary>
    public const string Workspace = "workspace";

    /// <summary>The application id of Azure Databricks, the resource of Entra ID tokens for a workspace.</summary>
    public const string AzureDatabricks = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

    /// <summary>The Azure management resource, whose token proves rights on the workspace resource.</summary>
    public const string AzureManagement = "https://management.core.windows.net/";

    /// <summary>The resource an Entra ID request names: a bare id, or a scope ending in /.default.</summary>
    public static string FromResourceOrScope(string? value)
    {
        var resource = (value ?? "").Trim();
        if (resource.EndsWith("/.default", StringComparison.OrdinalIgnoreCase)) resource = resource[..^"/.default".Length];
        if (resource.TrimEnd('/').Equals(AzureManagement.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)) return AzureManagement;
        return resource.Equals(AzureDatabricks, StringComparison.OrdinalIgnoreCase) ? AzureDatabricks : resource;
    }
}
