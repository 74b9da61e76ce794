using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace DatabricksJobs.Emulator.Identity;

/// <summary>
/// Where clients get access tokens, answered as the real services answer (OAuth JSON, OAuth errors):
/// the workspace's own <c>POST /oidc/v1/token</c> (Databricks OAuth, client credentials, found through
/// <c>/oidc/.well-known/oauth-authorization-server</c>), and, for tests only,
/// stand-ins for Azure under <c>/emulator/azure/</c>: the App Service / Azure Automation identity endpoint
/// (<c>msi/token</c>, IDENTITY_ENDPOINT), the instance metadata service (<c>imds/metadata/identity/oauth2/token</c>)
/// and the Microsoft Entra login endpoint (<c>login/{tenant}/oauth2/v2.0/token</c>). None of them takes a bearer token.
/// </summary>
public sealed class IdentityEndpoints(EmulatorOptions options, TokenIssuer issuer)
{
    public const string OidcTokenPath = "/oidc/v1/token";
    public const string OidcDiscoveryPath = "/oidc/.well-known/oauth-authorization-server";
    public const string AzurePrefix = "/emulator/azure/";

    /// <summary>The App Service / Azure Automation identity endpoint, what IDENTITY_ENDPOINT names there.</summary>
    public const string AppServiceIdentityPath = AzurePrefix + "msi/token";

    public static bool Serves(string path) =>
        path.Equals(OidcTokenPath, StringComparison.Ordinal) || path.Equals(OidcDiscoveryPath, StringComparison.Ordinal) ||
        path.StartsWith(AzurePrefix, StringComparison.Ordinal);

    public sealed record Answer(int Status, JsonObject Body);

    public async Task<Answer> HandleAsync(HttpContext http)
    {
        try
        {
            return await RouteAsync(http);
        }
        catch (OAuthError e)
        {
            return e.Answer;
        }
    }

    private async Task<Answer> RouteAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "";
        var method = http.Request.Method;
        if (path == OidcTokenPath) return method == "POST" ? await DatabricksOAuth(http) : MethodNotAllowed();
        if (path == OidcDiscoveryPath) return method == "GET" ? Discovery(http) : MethodNotAllowed();
        var route = path[AzurePrefix.Length..].TrimEnd('/');
        if (path.TrimEnd('/') == AppServiceIdentityPath) return method == "GET" ? AppServiceIdentity(http) : MethodNotAllowed();
        if (route == "imds/metadata/identity/oauth2/token") return method == "GET" ? InstanceMetadata(http) : MethodNotAllowed();
        var login = route.Split('/');
        if (login is ["login", var tenant, "oauth2", "v2.0", "token"]) return method == "POST" ? await EntraLogin(http, tenant) : MethodNotAllowed();
        return Error(404, "not_found", $"No identity endpoint at {path}.");
    }

    /// <summary>OAuth authorization server metadata, which the Databricks SDKs read to find the token endpoint.</summary>
    private static Answer Discovery(HttpContext http)
    {
        var issuer = $"{http.Request.Scheme}://{http.Request.Host}/oidc";
        return new Answer(200, new JsonObject
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/v1/authorize",
            ["token_endpoint"] = issuer + "/v1/token",
            ["grant_types_supported"] = new JsonArray("client_credentials", "refresh_token", TokenExchange),
            ["scopes_supported"] = new JsonArray("all-apis"),
        });
    }

    /// <summary>Client credentials, with the client id and secret in a Basic header or in the form.</summary>
    private async Task<Answer> DatabricksOAuth(HttpContext http)
    {
        var form = await ReadForm(http);
        if (form.GetValueOrDefault("grant_type") == "refresh_token") return RefreshGrant(form);
        if (form.GetValueOrDefault("grant_type") == TokenExchange) return TokenExchangeGrant(http, form);
        if (form.GetValueOrDefault("grant_type") != "client_credentials")
            return Error(400, "unsupported_grant_type", $"Only grant_type=client_credentials, refresh_token and {TokenExchange} are supported.");
        var (clientId, secret) = BasicCredentials(http) ?? (form.GetValueOrDefault("client_id"), form.GetValueOrDefault("client_secret"));
        var client = options.OAuthClients.FirstOrDefault(c => c.ClientId == clientId);
        if (client is null || secret is null || !FixedTimeEquals(client.ClientSecret, secret))
            return Error(401, "invalid_client", "Client authentication failed.");
        var scope = form.GetValueOrDefault("scope") ?? "all-apis";
        if (!scope.Split(' ').Contains("all-apis")) return Error(400, "invalid_scope", $"The scope '{scope}' is not allowed: ask for all-apis.");
        var (token, issued) = issuer.Issue(client.ClientId, client.IsAdmin, Audiences.Workspace);
        return new Answer(200, new JsonObject
        {
            ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = Seconds(issued), ["scope"] = "all-apis",
        });
    }

    public const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    /// <summary>
    /// Workload identity federation (RFC 8693): a pipeline's ID token for an access token of the service principal
    /// whose federation policy trusts its issuer, subject and audience. The JWT's claims and expiry are checked, not its
    /// signature (the emulator has no issuer's keys). Account-wide federation (no client_id) is not emulated.
    /// </summary>
    private Answer TokenExchangeGrant(HttpContext http, Dictionary<string, string> form)
    {
        if (form.GetValueOrDefault("subject_token_type") is { } type && type != "urn:ietf:params:oauth:token-type:jwt")
            return Error(400, "invalid_request", $"subject_token_type '{type}' is not supported: send urn:ietf:params:oauth:token-type:jwt.");
        if (form.GetValueOrDefault("client_id") is not { Length: > 0 } clientId)
            return Error(400, "invalid_request", "client_id is required: name the service principal whose federation policy trusts the token.");
        var scope = form.GetValueOrDefault("scope") ?? "all-apis";
        if (!scope.Split(' ').Contains("all-apis")) return Error(400, "invalid_scope", $"The scope '{scope}' is not allowed: ask for all-apis.");
        if (Claims(form.GetValueOrDefault("subject_token")) is not { } claims)
            return Error(400, "invalid_request", "subject_token is missing or is not a JWT.");
        var issuerClaim = claims["iss"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? claims["iss"]!.GetValue<string>() : null;
        var subject = claims["sub"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? claims["sub"]!.GetValue<string>() : null;
        var audiences = claims["aud"] switch
        {
            JsonArray many => many.Select(a => a?.ToString()).ToList(),
            JsonValue one => [one.ToString()],
            _ => [],
        };
        if (claims["exp"] is not JsonValue exp || !exp.TryGetValue<long>(out var expires) || DateTimeOffset.FromUnixTimeSeconds(expires) <= issuer.Now)
            return Error(401, "invalid_grant", "The subject token has expired or has no exp claim.");
        var tokenEndpoint = $"{http.Request.Scheme}://{http.Request.Host}{OidcTokenPath}";
        var policy = options.FederationPolicies.FirstOrDefault(p => p.ClientId == clientId && p.Issuer == issuerClaim && p.Subject == subject && audiences.Contains(p.Audience ?? tokenEndpoint));
        // A token the policies do not trust is refused with 401, as the workspace does ("Invalid credentials").
        if (policy is null)
            return Error(401, "invalid_grant",
                options.FederationPolicies.Any(p => p.ClientId == clientId)
                    ? $"No federation policy of service principal {clientId} trusts a token with issuer '{issuerClaim}', subject '{subject}' and audience '{string.Join(", ", audiences)}'."
                    : $"Service principal {clientId} has no federation policy.");
        var (token, issued) = issuer.Issue(policy.ClientId, true, Audiences.Workspace);
        return new Answer(200, new JsonObject
        {
            ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = Seconds(issued), ["scope"] = "all-apis",
            ["issued_token_type"] = "urn:ietf:params:oauth:token-type:access_token",
        });
    }

    /// <summary>The payload of a JWT (three base64url parts), or null when the text is not one.</summary>
    private static JsonObject? Claims(string? jwt)
    {
        var parts = jwt?.Split('.');
        if (parts is not { Length: 3 }) return null;
        try
        {
            return JsonNode.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(parts[1])) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A user's refresh token (from databricks auth login, a public client: no secret) for an access token of that
    /// user and a new refresh token; the one redeemed is used up.
    /// </summary>
    private Answer RefreshGrant(Dictionary<string, string> form)
    {
        if (form.GetValueOrDefault("client_id") != "databricks-cli") return Error(401, "invalid_client", "Client authentication failed.");
        if (form.GetValueOrDefault("refresh_token") is not { } refresh || !options.RefreshTokens.TryRemove(refresh, out var user))
            return Error(400, "invalid_grant", "Refresh token is invalid");
        var (token, issued) = issuer.Issue(user, true, Audiences.Workspace);
        var next = "doser" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        options.RefreshTokens[next] = user;
        return new Answer(200, new JsonObject
        {
            ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = Seconds(issued), ["refresh_token"] = next, ["scope"] = "all-apis offline_access",
        });
    }

    /// <summary>The identity endpoint of App Service and Azure Automation (api-version 2019-08-01).</summary>
    private Answer AppServiceIdentity(HttpContext http)
    {
        if (http.Request.Headers["X-IDENTITY-HEADER"].ToString() is var header && !FixedTimeEquals(options.AzureIdentityHeader, header))
            return Error(401, "invalid_request", "The X-IDENTITY-HEADER is missing or wrong.");
        return ManagedIdentityToken(http, expiresInAsText: false);
    }

    /// <summary>The instance metadata service of Azure VMs (api-version 2018-02-01).</summary>
    private Answer InstanceMetadata(HttpContext http)
    {
        if (!string.Equals(http.Request.Headers["Metadata"].ToString(), "true", StringComparison.OrdinalIgnoreCase))
            return Error(400, "invalid_request", "Required metadata header not specified");
        return ManagedIdentityToken(http, expiresInAsText: true);
    }

    private Answer ManagedIdentityToken(HttpContext http, bool expiresInAsText)
    {
        var query = http.Request.Query;
        var resource = Audiences.FromResourceOrScope(query["resource"].ToString());
        if (resource.Length == 0) return Error(400, "invalid_request", "The resource parameter is required.");
        var clientId = query["client_id"].ToString();
        var identity = clientId.Length == 0
            ? options.AzureIdentities.FirstOrDefault(i => i.SystemAssigned && i.ClientSecret is null)
            : options.AzureIdentities.FirstOrDefault(i => !i.SystemAssigned && i.ClientSecret is null && i.ClientId == clientId);
        if (identity is null)
            return Error(400, "invalid_request", clientId.Length == 0 ? "No system-assigned managed identity is enabled." : $"No user-assigned managed identity with client id {clientId}.");
        var (token, issued) = issuer.Issue(identity.ClientId, identity.IsAdmin, resource);
        var expiresOn = issued.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var body = new JsonObject
        {
            ["access_token"] = token, ["expires_on"] = expiresOn, ["resource"] = query["resource"].ToString(), ["token_type"] = "Bearer",
            ["client_id"] = identity.ClientId,
        };
        if (expiresInAsText) body["expires_in"] = Seconds(issued).ToString(CultureInfo.InvariantCulture);
        return new Answer(200, body);
    }

    /// <summary>Microsoft Entra ID's v2.0 token endpoint, client credentials with a client secret.</summary>
    private async Task<Answer> EntraLogin(HttpContext http, string tenant)
    {
        if (!tenant.Equals(options.AzureTenantId, StringComparison.OrdinalIgnoreCase))
            return Error(400, "invalid_request", $"AADSTS90002: Tenant '{tenant}' not found.");
        var form = await ReadForm(http);
        if (form.GetValueOrDefault("grant_type") != "client_credentials")
            return Error(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
        var clientId = form.GetValueOrDefault("client_id");
        var identity = options.AzureIdentities.FirstOrDefault(i => i.ClientSecret is not null && i.ClientId == clientId);
        if (identity is null) return Error(400, "unauthorized_client", $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory.");
        if (form.GetValueOrDefault("client_secret") is not { } secret || !FixedTimeEquals(identity.ClientSecret!, secret))
            return Error(401, "invalid_client", $"AADSTS7000215: Invalid client secret provided for application '{clientId}'.");
        var resource = Audiences.FromResourceOrScope(form.GetValueOrDefault("scope"));
        if (resource.Length == 0) return Error(400, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid.");
        var (token, issued) = issuer.Issue(identity.ClientId, identity.IsAdmin, resource);
        return new Answer(200, new JsonObject { ["token_type"] = "Bearer", ["expires_in"] = Seconds(issued), ["ext_expires_in"] = Seconds(issued), ["access_token"] = token });
    }

    private long Seconds(IssuedToken issued) => Math.Max(0, (long)(issued.ExpiresAt - issuer.Now).TotalSeconds);

    /// <summary>
    /// The fields of a token request, which OAuth (RFC 6749) sends as application/x-www-form-urlencoded and nothing
    /// else: any other body, or one that is malformed or past the form limits, is a 400 invalid_request (413 when
    /// the body is larger than the server takes at all), as the real token endpoints answer it.
    /// </summary>
    private static async Task<Dictionary<string, string>> ReadForm(HttpContext http)
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var type) ||
            !type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            throw new OAuthError(Error(400, "invalid_request", "The body must be application/x-www-form-urlencoded."));
        try
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            return form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        }
        catch (InvalidDataException e)
        {
            // The form limits: a key over 2 KB, a value over 4 MB, more than 1,024 fields.
            throw new OAuthError(Error(400, "invalid_request", $"The form body is malformed or too large: {e.Message}"));
        }
        catch (BadHttpRequestException e)
        {
            throw new OAuthError(Error(e.StatusCode, "invalid_request", $"The body could not be read: {e.Message}"));
        }
        catch (Exception e) when (e is IOException or DecoderFallbackException && !http.RequestAborted.IsCancellationRequested)
        {
            throw new OAuthError(Error(400, "invalid_request", "The body could not be read as a form."));
        }
    }

    /// <summary>An OAuth error answer, thrown from where a request turns out to be bad.</summary>
    private sealed class OAuthError(Answer answer) : Exception(answer.Body["error_description"]?.GetValue<string>())
    {
        public Answer Answer { get; } = answer;
    }

    private static (string? Id, string? Secret)? BasicCredentials(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = text.IndexOf(':');
            return colon < 0 ? (text, null) : (text[..colon], text[(colon + 1)..]);
        }
        catch (FormatException)
        {
            return (null, null);
        }
    }

    private static bool FixedTimeEquals(string expected, string given) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));

    private static Answer MethodNotAllowed() => Error((int)HttpStatusCode.MethodNotAllowed, "invalid_request", "Method not allowed.");

    private static Answer Error(int status, string error, string description) =>
        new(status, new JsonObject { ["error"] = error, ["error_description"] = description });
}
