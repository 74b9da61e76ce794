using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// What one place (the parameters, the environment, a profile) says about a workspace and a credential, in the
    /// names of the Databricks unified auth settings.
    /// </summary>
    public sealed class AuthSettings
    {
        public AuthSettings(string source) => Source = source;

        /// <summary>Where these settings come from, as the user is told.</summary>
        public string Source { get; }

        public string? Host { get; set; }

        /// <summary>DATABRICKS_AUTH_TYPE or auth_type: the one method to use, in the Databricks SDKs' names (see <see cref="AuthTypes"/>).</summary>
        public string? AuthType { get; set; }

        public SecureString? Token { get; set; }
        public SecureString? AccessToken { get; set; }

        /// <summary>Hands out a fresh access token when one is needed (an -AccessToken script block), run on the caller's thread.</summary>
        public Func<SecureString>? AccessTokenSource { get; set; }

        public string? ClientId { get; set; }
        public SecureString? ClientSecret { get; set; }
        public string? AzureClientId { get; set; }
        public SecureString? AzureClientSecret { get; set; }
        public string? AzureTenantId { get; set; }
        public bool AzureUseMsi { get; set; }
        public string? AzureResourceId { get; set; }

        /// <summary>DATABRICKS_TOKEN_AUDIENCE or token_audience: the audience asked for the pipeline's ID token (github-oidc).</summary>
        public string? TokenAudience { get; set; }

        /// <summary>DATABRICKS_OIDC_TOKEN_ENV or oidc_token_env: the variable env-oidc reads (default DATABRICKS_OIDC_TOKEN).</summary>
        public string? OidcTokenEnv { get; set; }

        /// <summary>DATABRICKS_OIDC_TOKEN_FILEPATH (or DATABRICKS_OIDC_TOKEN_FILE) or oidc_token_filepath: the file file-oidc reads.</summary>
        public string? OidcTokenFilePath { get; set; }

        /// <summary>
        /// The variable whose ID token makes this place an env-oidc credential without an auth type, as in the SDKs'
        /// default chain: DATABRICKS_OIDC_TOKEN (or the one DATABRICKS_OIDC_TOKEN_ENV names) in the environment, the
        /// one oidc_token_env names in a profile.
        /// </summary>
        public string? PipelineTokenVariable { get; set; }

        /// <summary>The environment variables of the Databricks tools (DATABRICKS_*) and of Azure (ARM_*).</summary>
        public static AuthSettings FromEnvironment()
        {
            var settings = Read("environment variables", (variable, _) => Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null);
            settings.PipelineTokenVariable = settings.OidcTokenEnv ?? OidcCredential.DefaultTokenVariable;
            return settings;
        }

        /// <summary>A profile of the configuration file, with the keys the Databricks CLI writes.</summary>
        public static AuthSettings FromProfile(string name, string path, IReadOnlyDictionary<string, string> values)
        {
            var settings = Read($"profile '{name}' in {path}", (_, key) => values.TryGetValue(key, out var value) && value.Length > 0 ? value : null);
            settings.PipelineTokenVariable = settings.OidcTokenEnv;
            return settings;
        }

        /// <summary>The settings from one place, given how it reads a setting by its environment variable or profile key.</summary>
        private static AuthSettings Read(string source, Func<string, string, string?> value) => new AuthSettings(source)
        {
            Host = value("DATABRICKS_HOST", "host"),
            AuthType = value("DATABRICKS_AUTH_TYPE", "auth_type"),
            Token = Secret(value("DATABRICKS_TOKEN", "token")),
            ClientId = value("DATABRICKS_CLIENT_ID", "client_id"),
            ClientSecret = Secret(value("DATABRICKS_CLIENT_SECRET", "client_secret")),
            AzureClientId = value("ARM_CLIENT_ID", "azure_client_id"),
            AzureClientSecret = Secret(value("ARM_CLIENT_SECRET", "azure_client_secret")),
            AzureTenantId = value("ARM_TENANT_ID", "azure_tenant_id"),
            AzureUseMsi = IsTrue(value("ARM_USE_MSI", "azure_use_msi")),
            AzureResourceId = value("DATABRICKS_AZURE_RESOURCE_ID", "azure_workspace_resource_id"),
            TokenAudience = value("DATABRICKS_TOKEN_AUDIENCE", "token_audience"),
            OidcTokenEnv = value("DATABRICKS_OIDC_TOKEN_ENV", "oidc_token_env"),
            // The Python SDK still reads the older DATABRICKS_OIDC_TOKEN_FILE.
            OidcTokenFilePath = value("DATABRICKS_OIDC_TOKEN_FILEPATH", "oidc_token_filepath") ?? value("DATABRICKS_OIDC_TOKEN_FILE", "oidc_token_filepath"),
        };

        /// <summary>
        /// The auth types of the Databricks SDKs that this module has, and the credential kind each makes. azure-msi,
        /// azure-cli and databricks-cli need no setting but the type itself; the others need their settings complete.
        /// </summary>
        public static readonly IReadOnlyDictionary<string, string> AuthTypes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pat"] = "PersonalAccessToken",
            ["oauth-m2m"] = "OAuthM2M",
            ["azure-client-secret"] = "AzureServicePrincipal",
            ["azure-msi"] = "AzureManagedIdentity",
            ["azure-cli"] = "AzureCli",
            // The Go SDK's oauth-u2m reads the CLI's token cache; databricks-cli has the CLI read it (databricks auth
            // token), which reads and refreshes the same cache the same way.
            ["databricks-cli"] = "DatabricksCli",
            ["oauth-u2m"] = "DatabricksCli",
            // Workload identity federation: the pipeline's own ID token exchanged for a Databricks token (OidcCredential).
            ["github-oidc"] = "GitHubOidc",
            ["azure-devops-oidc"] = "AzureDevOpsOidc",
            ["env-oidc"] = "EnvOidc",
            ["file-oidc"] = "FileOidc",
        };

        /// <summary>The credential kinds that their auth type alone selects, with settings from wherever they are given.</summary>
        public static bool NeedsOnlyTheType(string kind) =>
            kind is "AzureManagedIdentity" or "AzureCli" or "DatabricksCli" or "GitHubOidc" or "AzureDevOpsOidc" or "EnvOidc" or "FileOidc";

        /// <summary>
        /// Which credential these settings make, in the order the Databricks SDKs try them: a token, an access token,
        /// Databricks OAuth, a pipeline's ID token (env-oidc, file-oidc, github-oidc), an Azure service principal,
        /// azure-devops-oidc, an Azure managed identity; with <paramref name="only"/>, that
        /// kind or none. Null when none is complete; <paramref name="notes"/> then says what is half given.
        /// </summary>
        public string? CredentialKind(List<string> notes, string? only = null)
        {
            bool Wants(string kind) => only is null || only == kind;
            if (Wants("PersonalAccessToken") && Token is not null) return "PersonalAccessToken";
            if (Wants("AccessToken") && (AccessToken is not null || AccessTokenSource is not null)) return "AccessToken";
            if (Wants("OAuthM2M") && ClientId is not null && ClientSecret is not null) return "OAuthM2M";
            // Without an auth type, a pipeline's ID token is used where one is at hand, in the SDKs' order.
            if (only is null && PipelineTokenVariable is not null && Environment.GetEnvironmentVariable(PipelineTokenVariable) is { Length: > 0 }) return "EnvOidc";
            if (only is null && OidcTokenFilePath is not null) return "FileOidc";
            if (only is null && ClientId is not null && OidcCredential.InGitHubActions()) return "GitHubOidc";
            if (Wants("AzureServicePrincipal") && AzureTenantId is not null && AzureClientId is not null && AzureClientSecret is not null) return "AzureServicePrincipal";
            if (only is null && ClientId is not null && OidcCredential.InAzureDevOps()) return "AzureDevOpsOidc";
            if (Wants("AzureManagedIdentity") && AzureUseMsi) return "AzureManagedIdentity";
            if (Wants("OAuthM2M") && (ClientId is null) != (ClientSecret is null)) notes.Add($"{Source} give only one of the client id and the client secret");
            if (Wants("AzureServicePrincipal") && (AzureClientSecret is not null || AzureTenantId is not null))
                notes.Add($"{Source} give only part of an Azure service principal (it needs the tenant id, client id and client secret)");
            return null;
        }

        /// <summary>
        /// The credential of <see cref="CredentialKind"/>, which the caller has checked is not null; <paramref name="profile"/>
        /// is the profile asked for by name, if any.
        /// </summary>
        public Credential ToCredential(string kind, string? azureResourceId, string? profile) => kind switch
        {
            "PersonalAccessToken" => new StaticTokenCredential(Token!, kind),
            "AccessToken" when AccessTokenSource is not null => new TokenSourceCredential(AccessTokenSource, "the -AccessToken script block"),
            "AccessToken" => new StaticTokenCredential(AccessToken!, kind),
            "OAuthM2M" => new OAuthM2MCredential(ClientId!, ClientSecret!),
            "AzureServicePrincipal" => new AzureServicePrincipalCredential(AzureTenantId!, AzureClientId!, AzureClientSecret!, azureResourceId),
            "AzureCli" => new AzureCliCredential(AzureTenantId, azureResourceId),
            "DatabricksCli" => new DatabricksCliCredential(DatabricksCliCredential.DefaultCachePath, DatabricksConfigFile.DefaultPath, profile),
            "GitHubOidc" or "AzureDevOpsOidc" or "EnvOidc" or "FileOidc" => OidcCredential.Create(kind, this),
            _ => new AzureManagedIdentityCredential(AzureClientId, azureResourceId),
        };

        /// <summary>
        /// These settings with whitespace around each credential removed (a token read from a file usually ends with a
        /// newline), or an ArgumentException naming the one that holds a control character, or a character that is not
        /// ASCII where it goes into a header as it is. The message never holds the value.
        /// </summary>
        public AuthSettings Cleaned() => new AuthSettings(Source)
        {
            Host = Host?.Trim(),
            AuthType = AuthType?.Trim().ToLowerInvariant(),
            AccessTokenSource = AccessTokenSource,
            Token = Clean(Token, "The token", inHeader: true),
            AccessToken = Clean(AccessToken, "The access token", inHeader: true),
            ClientId = Clean(ClientId, "The client id", inHeader: false),
            ClientSecret = Clean(ClientSecret, "The client secret", inHeader: false),
            AzureClientId = Clean(AzureClientId, "The Azure client id", inHeader: false),
            AzureClientSecret = Clean(AzureClientSecret, "The Azure client secret", inHeader: false),
            AzureTenantId = Clean(AzureTenantId, "The Azure tenant id", inHeader: false),
            AzureUseMsi = AzureUseMsi,
            AzureResourceId = Clean(AzureResourceId, "The Azure resource id", inHeader: true),
            TokenAudience = Clean(TokenAudience, "The token audience", inHeader: false),
            OidcTokenEnv = Clean(OidcTokenEnv, "The OIDC token variable name", inHeader: false),
            OidcTokenFilePath = OidcTokenFilePath?.Trim(),
            PipelineTokenVariable = PipelineTokenVariable?.Trim(),
        };

        /// <summary>
        /// These settings with the client id and the OIDC settings each taken from the first of <paramref name="places"/>
        /// that gives it, where these do not: an auth type set in one place may have its settings in another.
        /// </summary>
        public AuthSettings WithOidcSettingsFrom(IReadOnlyList<AuthSettings> places)
        {
            string? First(Func<AuthSettings, string?> setting) => setting(this) ?? places.Select(setting).FirstOrDefault(v => v is not null);
            var merged = (AuthSettings)MemberwiseClone();
            merged.ClientId = First(p => p.ClientId);
            merged.TokenAudience = First(p => p.TokenAudience);
            merged.OidcTokenEnv = First(p => p.OidcTokenEnv);
            merged.OidcTokenFilePath = First(p => p.OidcTokenFilePath);
            return merged;
        }

        private SecureString? Clean(SecureString? secret, string what, bool inHeader)
        {
            if (secret is null) return null;
            var text = Secrets.Reveal(secret);
            var trimmed = Clean(text, what, inHeader)!;
            return trimmed.Length == text.Length ? secret : Secrets.ToSecure(trimmed);
        }

        private string? Clean(string? text, string what, bool inHeader)
        {
            if (text is null) return null;
            var trimmed = text.Trim();
            var problem = SafeHeaders.Problem(trimmed);
            if (problem is not null && (inHeader || !problem.StartsWith("a character that is not ASCII", StringComparison.Ordinal)))
                throw new ArgumentException($"{what} from {Source} holds {problem}: check where it comes from.");
            return trimmed;
        }

        private static SecureString? Secret(string? text) => text is null ? null : Secrets.ToSecure(text);

        private static bool IsTrue(string? text) => text is not null && (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text == "1");

        public override string ToString() => Source;
    }
}
