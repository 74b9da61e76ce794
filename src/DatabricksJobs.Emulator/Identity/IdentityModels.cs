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

/// <summary>
/// A service principal's federation policy: /oidc/v1/token exchanges an ID token (a JWT) whose iss and sub are these,
/// and whose aud holds <see cref="Audience"/> (by default the workspace's token endpoint URL, what the Databricks SDKs
/// ask GitHub for), for an access token of the principal <see cref="ClientId"/>.
/// </summary>
public sealed record FederationPolicy(string Issuer, string Subject, string ClientId, string? Audience = null)
{
    /// <summary>Reads ISSUER|SUBJECT[|AUDIENCE]=CLIENT_ID, the command line's form (the client id is after the last '=').</summary>
    public static FederationPolicy Parse(string text)
    {
        var split = text.LastIndexOf('=');
        var parts = split > 0 ? text[..split].Split('|') : [];
        if (split < 0 || split == text.Length - 1 || parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
            throw new ArgumentException($"--federation-policy needs ISSUER|SUBJECT=CLIENT_ID or ISSUER|SUBJECT|AUDIENCE=CLIENT_ID, not '{text}'.");
        return new FederationPolicy(parts[0], parts[1], text[(split + 1)..], parts.Length == 3 ? parts[2] : null);
    }
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
