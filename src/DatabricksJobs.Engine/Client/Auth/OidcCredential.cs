using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// Workload identity federation, as the Databricks SDKs' github-oidc, azure-devops-oidc, env-oidc and file-oidc do it:
    /// an ID token (a JWT) that the pipeline's own identity provider issued is exchanged for a Databricks access token
    /// at the workspace's /oidc/v1/token (grant_type urn:ietf:params:oauth:grant-type:token-exchange, the JWT as
    /// subject_token, the service principal's client_id). No secret is kept: a fresh ID token is got for every
    /// exchange, since pipeline tokens live minutes.
    /// </summary>
    public sealed class OidcCredential : Credential
    {
        private const string TokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
        private const string JwtTokenType = "urn:ietf:params:oauth:token-type:jwt";

        private readonly string? _clientId;
        private readonly string? _audience;
        private readonly IdTokenSource _source;
        private readonly CachedToken _token = new CachedToken();

        private OidcCredential(string authType, string? clientId, string? audience, IdTokenSource source)
        {
            AuthType = authType;
            _clientId = clientId;
            _audience = audience;
            _source = source;
        }

        /// <summary>GitHubOidc, AzureDevOpsOidc, EnvOidc or FileOidc.</summary>
        public override string AuthType { get; }

        internal override bool CanRefresh => true;

        /// <summary>
        /// The credential of an OIDC auth type (<paramref name="kind"/>), or a CredentialResolutionException that names
        /// the setting missing. <paramref name="settings"/> holds the client id, token audience, and the token's
        /// variable or file, each from the first place that gives it.
        /// </summary>
        public static OidcCredential Create(string kind, AuthSettings settings)
        {
            switch (kind)
            {
                case "GitHubOidc":
                {
                    RequireClientId("github-oidc", settings);
                    if (WhyNoGitHubIdToken() is string why) throw new CredentialResolutionException(why, "OidcNotAvailable");
                    return new OidcCredential(kind, settings.ClientId, settings.TokenAudience,
                        new GitHubIdTokens(Variable("ACTIONS_ID_TOKEN_REQUEST_URL"), Secrets.ToSecure(Variable("ACTIONS_ID_TOKEN_REQUEST_TOKEN"))));
                }
                case "AzureDevOpsOidc":
                {
                    RequireClientId("azure-devops-oidc", settings);
                    if (WhyNoAzureDevOpsIdToken() is string why) throw new CredentialResolutionException(why, "OidcNotAvailable");
                    var names = AzureDevOpsVariables;
                    var url = $"{Variable(names[0]).TrimEnd('/')}/{Variable(names[1])}/_apis/distributedtask/hubs/{Variable(names[2])}/plans/{Variable(names[3])}/jobs/{Variable(names[4])}/oidctoken?api-version=7.2-preview.1";
                    return new OidcCredential(kind, settings.ClientId, settings.TokenAudience, new AzureDevOpsIdTokens(url, Secrets.ToSecure(Variable("SYSTEM_ACCESSTOKEN"))));
                }
                case "EnvOidc":
                {
                    var name = settings.OidcTokenEnv ?? DefaultTokenVariable;
                    if (Variable(name).Length == 0)
                        throw new CredentialResolutionException(
                            $"env-oidc reads the ID token from the environment variable {name}, which is not set or empty" +
                            (settings.OidcTokenEnv is null ? " (DATABRICKS_OIDC_TOKEN_ENV, or oidc_token_env in a profile, names another variable)." : "."), "OidcNotAvailable");
                    return new OidcCredential(kind, settings.ClientId, settings.TokenAudience, new EnvironmentIdTokens(name));
                }
                default:
                {
                    var path = settings.OidcTokenFilePath ?? throw new CredentialResolutionException(
                        "file-oidc reads the ID token from the file that DATABRICKS_OIDC_TOKEN_FILEPATH (or oidc_token_filepath in a profile) names, but neither is set.", "OidcNotAvailable");
                    var source = new FileIdTokens(path);
                    // Checked at connect, so that a wrong path is said as a bad setting rather than as a refused sign-in.
                    source.Check();
                    return new OidcCredential(kind, settings.ClientId, settings.TokenAudience, source);
                }
            }
        }

        /// <summary>The environment variable env-oidc reads when DATABRICKS_OIDC_TOKEN_ENV names no other.</summary>
        internal const string DefaultTokenVariable = "DATABRICKS_OIDC_TOKEN";

        private static readonly string[] AzureDevOpsVariables =
            ["SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", "SYSTEM_TEAMPROJECTID", "SYSTEM_HOSTTYPE", "SYSTEM_PLANID", "SYSTEM_JOBID"];

        private static string Variable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : "";

        /// <summary>Whether this runs in a GitHub Actions job that may ask for an ID token.</summary>
        internal static bool InGitHubActions() => WhyNoGitHubIdToken() is null;

        /// <summary>Whether this runs in an Azure DevOps job whose step has SYSTEM_ACCESSTOKEN.</summary>
        internal static bool InAzureDevOps() => WhyNoAzureDevOpsIdToken() is null;

        /// <summary>
        /// Why github-oidc cannot ask GitHub for an ID token here, or null when it can: the one check, for the auth type
        /// found by itself (<see cref="InGitHubActions"/>) and for the one asked for (<see cref="Create"/>).
        /// </summary>
        private static string? WhyNoGitHubIdToken() =>
            Variable("ACTIONS_ID_TOKEN_REQUEST_URL").Length > 0 && Variable("ACTIONS_ID_TOKEN_REQUEST_TOKEN").Length > 0 ? null
                : "github-oidc needs ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN, which GitHub Actions sets only in a job allowed to " +
                  "ask for an ID token: give the workflow or job `permissions: id-token: write`.";

        /// <summary>Why azure-devops-oidc cannot ask Azure DevOps for an ID token here, or null when it can (as <see cref="WhyNoGitHubIdToken"/>).</summary>
        private static string? WhyNoAzureDevOpsIdToken()
        {
            if (Variable("SYSTEM_ACCESSTOKEN").Length == 0)
                return "azure-devops-oidc needs SYSTEM_ACCESSTOKEN, which Azure DevOps gives a script only when asked: add `env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)` to the step.";
            var missing = AzureDevOpsVariables.Where(n => Variable(n).Length == 0).ToList();
            return missing.Count == 0 ? null
                : $"azure-devops-oidc needs {string.Join(", ", missing)}, which Azure DevOps sets in every pipeline job: run it in an Azure DevOps pipeline.";
        }

        private static void RequireClientId(string authType, AuthSettings settings)
        {
            if (settings.ClientId is null)
                throw new CredentialResolutionException(
                    $"{authType} needs the client id of the service principal whose federation policy trusts the pipeline: set DATABRICKS_CLIENT_ID (client_id in a profile).",
                    "IncompleteAuthType");
        }

        internal override async Task<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(TokenClient tokens, Uri host, CallContext context)
        {
            var endpoint = TokenClient.WorkspaceEndpoint(host);
            return Bearer(await _token.GetAsync(async () =>
            {
                // As the SDKs: the audience asked of GitHub is DATABRICKS_TOKEN_AUDIENCE, else the token endpoint.
                var idToken = await _source.GetAsync(tokens, _audience ?? endpoint, context).ConfigureAwait(false);
                var fields = new List<(string, string)> { ("grant_type", TokenExchange), ("subject_token", idToken), ("subject_token_type", JwtTokenType), ("scope", "all-apis") };
                // Without a client id it is account-wide token federation, as in the SDKs.
                if (_clientId is not null) fields.Add(("client_id", _clientId));
                return await tokens.RequestAsync("The workspace's OAuth endpoint", HttpMethod.Post, endpoint,
                    request => request.Content = TokenClient.Form(fields.ToArray()), context).ConfigureAwait(false);
            }, context).ConfigureAwait(false));
        }

        internal override void Invalidate() => _token.Invalidate();

        public override void Dispose()
        {
            _token.Dispose();
            _source.Dispose();
        }

        public override string ToString() => _clientId is null ? $"{AuthType} ({_source})" : $"{AuthType} ({_clientId}, {_source})";

        /// <summary>Where a credential gets the pipeline's ID token, fresh for each exchange.</summary>
        private abstract class IdTokenSource : IDisposable
        {
            public abstract Task<string> GetAsync(TokenClient tokens, string audience, CallContext context);

            public virtual void Dispose()
            {
            }

            /// <summary>The ID token as read, checked as a header-safe value: it goes into a form, but is a JWT.</summary>
            protected string Checked(string token, string where)
            {
                token = token.Trim();
                if (token.Length == 0) throw TokenSourceCredential.SignInFailure($"{where} holds no ID token.", "OidcTokenMissing");
                if (SafeHeaders.Problem(token) is string problem) throw TokenSourceCredential.SignInFailure($"The ID token in {where} holds {problem}.", "OidcTokenMissing");
                return token;
            }
        }

        /// <summary>GitHub Actions: GET ACTIONS_ID_TOKEN_REQUEST_URL&amp;audience=..., with ACTIONS_ID_TOKEN_REQUEST_TOKEN as bearer; answers {"value": JWT}.</summary>
        private sealed class GitHubIdTokens(string url, System.Security.SecureString requestToken) : IdTokenSource
        {
            public override async Task<string> GetAsync(TokenClient tokens, string audience, CallContext context)
            {
                var answer = await tokens.RequestAsync("GitHub Actions' ID token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL)", HttpMethod.Get,
                    $"{url}&audience={Uri.EscapeDataString(audience)}",
                    request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secrets.Reveal(requestToken)), context, a => a.Value).ConfigureAwait(false);
                return Checked(answer.AccessToken, "GitHub Actions' answer");
            }

            public override void Dispose() => requestToken.Dispose();

            public override string ToString() => "GitHub Actions ID token";
        }

        /// <summary>Azure DevOps: POST to the job's oidctoken endpoint with SYSTEM_ACCESSTOKEN as bearer; answers {"oidcToken": JWT}, audience fixed.</summary>
        private sealed class AzureDevOpsIdTokens(string url, System.Security.SecureString accessToken) : IdTokenSource
        {
            public override async Task<string> GetAsync(TokenClient tokens, string audience, CallContext context)
            {
                var answer = await tokens.RequestAsync("Azure DevOps' ID token endpoint", HttpMethod.Post, url, request =>
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Secrets.Reveal(accessToken));
                    request.Content = new StringContent("", System.Text.Encoding.UTF8, "application/json");
                }, context, a => a.OidcToken).ConfigureAwait(false);
                return Checked(answer.AccessToken, "Azure DevOps' answer");
            }

            public override void Dispose() => accessToken.Dispose();

            public override string ToString() => "Azure DevOps ID token";
        }

        /// <summary>env-oidc: the variable is read again for each exchange, so a step that renews it is followed.</summary>
        private sealed class EnvironmentIdTokens(string variable) : IdTokenSource
        {
            public override Task<string> GetAsync(TokenClient tokens, string audience, CallContext context) =>
                Task.FromResult(Checked(Environment.GetEnvironmentVariable(variable) ?? "", $"The environment variable {variable}"));

            public override string ToString() => $"ID token in {variable}";
        }

        /// <summary>file-oidc: the file is read again for each exchange, as platforms that mount a token rotate it in place.</summary>
        private sealed class FileIdTokens(string path) : IdTokenSource
        {
            public void Check()
            {
                if (!File.Exists(path))
                    throw new CredentialResolutionException($"file-oidc reads the ID token from '{path}' (DATABRICKS_OIDC_TOKEN_FILEPATH or oidc_token_filepath), which does not exist.", "OidcNotAvailable");
            }

            public override Task<string> GetAsync(TokenClient tokens, string audience, CallContext context)
            {
                string text;
                try
                {
                    text = File.ReadAllText(path);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw TokenSourceCredential.SignInFailure($"The ID token file '{path}' could not be read: {e.Message}", "OidcTokenMissing", e);
                }
                return Task.FromResult(Checked(text, $"The file '{path}'"));
            }

            public override string ToString() => $"ID token in {path}";
        }
    }
}
