using System.Management.Automation;
using System.Text;
using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Identity;

namespace DatabricksJobs.Tests;

/// <summary>The module and an emulator with federation policies for pipelines, whose tokens live three seconds.</summary>
public sealed class OidcFixture : ModuleFixture
{
    public const string ServicePrincipal = "7c0e3c1d-0000-4000-8000-0000000000f1";
    public const string GitHubIssuer = "https://token.actions.githubusercontent.com";
    public const string GitHubSubject = "repo:acme/jobs:ref:refs/heads/main";
    public const string DevOpsIssuer = "https://vstoken.dev.azure.com/00000000-0000-4000-8000-00000000ad0e";
    public const string DevOpsSubject = "sc://acme/jobs/databricks-deploy";
    public const string DevOpsAudience = "api://AzureADTokenExchange";

    protected override void Configure(EmulatorOptions options)
    {
        options.AccessTokenLifetime = TimeSpan.FromSeconds(3);
        // The workspace's token endpoint is the audience by default, what the SDKs ask GitHub for.
        options.FederationPolicies.Add(new FederationPolicy(GitHubIssuer, GitHubSubject, ServicePrincipal));
        options.FederationPolicies.Add(new FederationPolicy(DevOpsIssuer, DevOpsSubject, ServicePrincipal, DevOpsAudience));
    }

    /// <summary>An unsigned JWT with these claims, which the emulator takes (it checks claims, not signatures).</summary>
    public static string Jwt(string issuer, string subject, string audience, TimeSpan lifetime)
    {
        static string Part(JsonObject json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var claims = new JsonObject
        {
            ["iss"] = issuer, ["sub"] = subject, ["aud"] = audience, ["exp"] = DateTimeOffset.UtcNow.Add(lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        return $"{Part(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" })}.{Part(claims)}.unsigned";
    }
}

[Collection(EnvironmentCollection.Name)]
public class OidcSignInTests(OidcFixture module) : IClassFixture<OidcFixture>
{
    private const string SessionType = "DatabricksJobs.Client.DatabricksSession";
    private string Url => module.Emulator.BaseUrl;
    private string TokenEndpoint => Url + "/oidc/v1/token";
    private (string, string?) Host => ("DATABRICKS_HOST", Url);
    private static (string, string?) ClientId => ("DATABRICKS_CLIENT_ID", OidcFixture.ServicePrincipal);

    private string GitHubJwt(TimeSpan? lifetime = null, string subject = OidcFixture.GitHubSubject) =>
        OidcFixture.Jwt(OidcFixture.GitHubIssuer, subject, TokenEndpoint, lifetime ?? TimeSpan.FromMinutes(5));

    private Shell NewShell()
    {
        var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", Url);
        return shell;
    }

    /// <summary>Connects with <paramref name="connect"/>, then lists jobs with the new session; answers the session and all the text written.</summary>
    private static (PSObject Session, string Text) ConnectAndList(Shell shell, string connect)
    {
        var connected = shell.Run(connect + " -Verbose").AssertNoErrors();
        var session = connected.Single(SessionType);
        var listed = shell.Run("Get-DbxJob -Verbose").AssertNoErrors();
        return (session, connected.AllText() + listed.AllText() + string.Join("\n", connected.Verbose.Concat(listed.Verbose)));
    }

    private static int Exchanges(string verbose) => verbose.Split('\n').Count(l => l.Contains("POST ") && l.Contains("/oidc/v1/token -> 200"));

    [Fact]
    public void Env_oidc_exchanges_the_token_in_DATABRICKS_OIDC_TOKEN_or_the_variable_named()
    {
        var jwt = GitHubJwt();
        using var environment = new EnvironmentScope(Host, ClientId, ("DATABRICKS_AUTH_TYPE", "env-oidc"), ("DATABRICKS_OIDC_TOKEN", jwt), ("PIPELINE_JWT", null));
        using var shell = NewShell();
        var (session, text) = ConnectAndList(shell, "Connect-DbxWorkspace");
        Assert.Equal("EnvOidc", session.S("AuthType"));
        Assert.Equal(OidcFixture.ServicePrincipal, session.S("UserName"));
        Assert.Equal("environment variables", session.S("CredentialSource"));
        Assert.DoesNotContain(jwt, text);
        foreach (var issued in module.Emulator.Tokens.Issued) Assert.DoesNotContain(issued, text);

        Environment.SetEnvironmentVariable("DATABRICKS_OIDC_TOKEN", null);
        Environment.SetEnvironmentVariable("PIPELINE_JWT", GitHubJwt());
        Environment.SetEnvironmentVariable("DATABRICKS_OIDC_TOKEN_ENV", "PIPELINE_JWT");
        Assert.Equal("EnvOidc", ConnectAndList(shell, "Connect-DbxWorkspace").Session.S("AuthType"));
    }

    [Fact]
    public void Without_an_auth_type_a_pipeline_token_is_used_after_a_token_and_before_nothing()
    {
        var jwt = GitHubJwt();
        using var environment = new EnvironmentScope(Host, ClientId, ("DATABRICKS_OIDC_TOKEN", jwt));
        using var shell = NewShell();
        Assert.Equal("EnvOidc", ConnectAndList(shell, "Connect-DbxWorkspace").Session.S("AuthType"));

        // A token is first in the SDKs' order.
        Environment.SetEnvironmentVariable("DATABRICKS_TOKEN", ModuleFixture.Token);
        Assert.Equal("PersonalAccessToken", shell.Run("Connect-DbxWorkspace").Single(SessionType).S("AuthType"));
        Environment.SetEnvironmentVariable("DATABRICKS_TOKEN", null);

        // In GitHub Actions with id-token: write, the client id is enough.
        Environment.SetEnvironmentVariable("DATABRICKS_OIDC_TOKEN", null);
        using var github = new RecordingServer(_ => RecordingServer.Json(200, new JsonObject { ["value"] = jwt }.ToJsonString()));
        Environment.SetEnvironmentVariable("ACTIONS_ID_TOKEN_REQUEST_URL", github.Url + "/idtoken?api-version=2.0");
        Environment.SetEnvironmentVariable("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "ghs-request-token");
        Assert.Equal("GitHubOidc", shell.Run("Connect-DbxWorkspace").Single(SessionType).S("AuthType"));
    }

    [Fact]
    public void File_oidc_reads_the_file_again_when_the_token_is_refreshed()
    {
        var path = Path.Combine(Path.GetTempPath(), $"oidc-{Guid.NewGuid():N}.jwt");
        // The first ID token expires before the access token is refreshed: the refresh works only with the new one.
        File.WriteAllText(path, GitHubJwt(TimeSpan.FromSeconds(2)) + "\n");
        using var environment = new EnvironmentScope(Host, ClientId, ("DATABRICKS_OIDC_TOKEN_FILEPATH", path));
        try
        {
            using var shell = NewShell();
            var connected = shell.Run("Connect-DbxWorkspace -AuthType file-oidc -Verbose").AssertNoErrors();
            Assert.Equal("FileOidc", connected.Single(SessionType).S("AuthType"));
            File.WriteAllText(path, GitHubJwt());
            Thread.Sleep(TimeSpan.FromSeconds(3.5));
            var listed = shell.Run("Get-DbxJob -Verbose").AssertNoErrors();
            Assert.Equal(1, Exchanges(string.Join("\n", connected.Verbose)));
            Assert.Equal(1, Exchanges(string.Join("\n", listed.Verbose)));
            Assert.DoesNotContain(listed.Verbose, v => v.Contains("refused the access token"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void File_oidc_from_a_profile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"oidc-{Guid.NewGuid():N}.jwt");
        File.WriteAllText(path, GitHubJwt());
        using var environment = new EnvironmentScope();
        environment.WriteConfig($"[ci]\nhost = {Url}\nauth_type = file-oidc\nclient_id = {OidcFixture.ServicePrincipal}\noidc_token_filepath = {path}\n");
        try
        {
            using var shell = NewShell();
            var session = ConnectAndList(shell, "Connect-DbxWorkspace -Profile ci").Session;
            Assert.Equal("FileOidc", session.S("AuthType"));
            Assert.StartsWith("profile 'ci'", session.S("CredentialSource"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Github_oidc_asks_GitHub_for_a_token_for_the_workspace_and_exchanges_it()
    {
        const string requestToken = "ghs-request-token-0123456789";
        string? jwt = null;
        using var github = new RecordingServer(head =>
        {
            var audience = Uri.UnescapeDataString(head.Split(' ')[1].Split("audience=")[1]);
            jwt = OidcFixture.Jwt(OidcFixture.GitHubIssuer, OidcFixture.GitHubSubject, audience, TimeSpan.FromMinutes(5));
            return RecordingServer.Json(200, new JsonObject { ["count"] = 1, ["value"] = jwt }.ToJsonString());
        });
        using var environment = new EnvironmentScope(Host, ClientId, ("DATABRICKS_AUTH_TYPE", "github-oidc"),
            ("ACTIONS_ID_TOKEN_REQUEST_URL", github.Url + "/_apis/pipelines/idtoken?api-version=2.0"), ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken));
        using var shell = NewShell();
        var (session, text) = ConnectAndList(shell, "Connect-DbxWorkspace");
        Assert.Equal("GitHubOidc", session.S("AuthType"));
        Assert.Equal(OidcFixture.ServicePrincipal, session.S("UserName"));
        var request = Assert.Single(github.Requests);
        Assert.StartsWith($"GET /_apis/pipelines/idtoken?api-version=2.0&audience={Uri.EscapeDataString(TokenEndpoint)} ", request);
        Assert.Contains($"Authorization: Bearer {requestToken}", request);
        Assert.DoesNotContain(requestToken, text);
        Assert.DoesNotContain(jwt!, text);

        // DATABRICKS_TOKEN_AUDIENCE is asked of GitHub instead; no policy trusts that audience.
        Environment.SetEnvironmentVariable("DATABRICKS_TOKEN_AUDIENCE", "api://other-audience");
        var refused = shell.Run("Connect-DbxWorkspace");
        Assert.Contains("audience=api%3A%2F%2Fother-audience ", github.Requests.Last());
        Assert.Equal("invalid_grant,DatabricksJobs.Commands.ConnectDbxWorkspaceCommand", refused.FirstError().FullyQualifiedErrorId);
        Assert.Contains("audience 'api://other-audience'", refused.FirstError().ErrorDetails.Message);
        Assert.DoesNotContain(jwt!, refused.AllText());
    }

    [Fact]
    public void Azure_devops_oidc_asks_the_job_for_its_token_and_exchanges_it()
    {
        const string accessToken = "ado-system-access-token-0123456789";
        var jwt = OidcFixture.Jwt(OidcFixture.DevOpsIssuer, OidcFixture.DevOpsSubject, OidcFixture.DevOpsAudience, TimeSpan.FromMinutes(5));
        using var devops = new RecordingServer(_ => RecordingServer.Json(200, new JsonObject { ["oidcToken"] = jwt }.ToJsonString()));
        using var environment = new EnvironmentScope(Host, ClientId, ("DATABRICKS_AUTH_TYPE", "azure-devops-oidc"), ("SYSTEM_ACCESSTOKEN", accessToken),
            ("SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", devops.Url + "/acme/"), ("SYSTEM_TEAMPROJECTID", "project-1"), ("SYSTEM_HOSTTYPE", "build"),
            ("SYSTEM_PLANID", "plan-2"), ("SYSTEM_JOBID", "job-3"));
        using var shell = NewShell();
        var (session, text) = ConnectAndList(shell, "Connect-DbxWorkspace");
        Assert.Equal("AzureDevOpsOidc", session.S("AuthType"));
        var request = Assert.Single(devops.Requests);
        Assert.StartsWith("POST /acme/project-1/_apis/distributedtask/hubs/build/plans/plan-2/jobs/job-3/oidctoken?api-version=7.2-preview.1 ", request);
        Assert.Contains($"Authorization: Bearer {accessToken}", request);
        Assert.DoesNotContain(accessToken, text);
        Assert.DoesNotContain(jwt, text);
    }

    [Fact]
    public void A_refusal_of_GitHub_that_quotes_the_request_token_is_said_without_it()
    {
        const string requestToken = "ghs-echoed-request-token-0123456789";
        using var github = new RecordingServer(_ => RecordingServer.Json(403,
            new JsonObject { ["error"] = "forbidden", ["error_description"] = $"Token {requestToken} may not ask for an ID token" }.ToJsonString()));
        using var environment = new EnvironmentScope(Host, ClientId, ("ACTIONS_ID_TOKEN_REQUEST_URL", github.Url + "/idtoken?api-version=2.0"),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken));
        using var shell = NewShell();
        var result = shell.Run("Connect-DbxWorkspace -AuthType github-oidc -Verbose");
        var error = result.FirstError();
        Assert.StartsWith("forbidden,", error.FullyQualifiedErrorId);
        Assert.Contains("GitHub Actions' ID token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL) refused to give a token", error.ErrorDetails.Message);
        Assert.DoesNotContain(requestToken, result.AllText() + string.Join("\n", result.Verbose));
    }

    [Theory]
    [InlineData("github-oidc", "ACTIONS_ID_TOKEN_REQUEST_URL", "permissions: id-token: write")]
    [InlineData("azure-devops-oidc", "SYSTEM_ACCESSTOKEN", "$(System.AccessToken)")]
    [InlineData("env-oidc", "DATABRICKS_OIDC_TOKEN", "DATABRICKS_OIDC_TOKEN_ENV")]
    [InlineData("file-oidc", "DATABRICKS_OIDC_TOKEN_FILEPATH", "neither is set")]
    public void A_pipeline_sign_in_without_its_settings_says_what_is_missing(string authType, string missing, string hint)
    {
        using var environment = new EnvironmentScope(Host, ClientId);
        using var shell = NewShell();
        shell.Set("authType", authType);
        var error = shell.Run("Connect-DbxWorkspace -AuthType $authType").FirstError();
        Assert.StartsWith("OidcNotAvailable,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains(missing, error.ErrorDetails.Message);
        Assert.Contains(hint, error.ErrorDetails.Message);
    }

    [Fact]
    public void A_pipeline_sign_in_needs_the_client_id_and_an_existing_token_file()
    {
        using var environment = new EnvironmentScope(Host, ("ACTIONS_ID_TOKEN_REQUEST_URL", "http://127.0.0.1:1/x?a=1"), ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "t"),
            ("DATABRICKS_OIDC_TOKEN_FILEPATH", "/nonexistent/oidc.jwt"));
        using var shell = NewShell();
        var error = shell.Run("Connect-DbxWorkspace -AuthType github-oidc").FirstError();
        Assert.StartsWith("IncompleteAuthType,", error.FullyQualifiedErrorId);
        Assert.Contains("DATABRICKS_CLIENT_ID", error.ErrorDetails.Message);
        var file = shell.Run("Connect-DbxWorkspace -AuthType file-oidc").FirstError();
        Assert.StartsWith("OidcNotAvailable,", file.FullyQualifiedErrorId);
        Assert.Contains("/nonexistent/oidc.jwt", file.ErrorDetails.Message);
    }

    [Fact]
    public void A_token_no_policy_trusts_or_that_expired_is_refused_without_showing_it()
    {
        var stranger = GitHubJwt(subject: "repo:mallory/fork:ref:refs/heads/main");
        using var environment = new EnvironmentScope(Host, ClientId, ("DATABRICKS_OIDC_TOKEN", stranger));
        using var shell = NewShell();
        var refused = shell.Run("Connect-DbxWorkspace -AuthType env-oidc -Verbose");
        var error = refused.FirstError();
        Assert.Equal("invalid_grant,DatabricksJobs.Commands.ConnectDbxWorkspaceCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("subject 'repo:mallory/fork:ref:refs/heads/main'", error.ErrorDetails.Message);
        Assert.DoesNotContain(stranger, refused.AllText() + string.Join("\n", refused.Verbose));
        Assert.Null(shell.Run("Get-DbxSession").Output.FirstOrDefault());

        Environment.SetEnvironmentVariable("DATABRICKS_OIDC_TOKEN", GitHubJwt(TimeSpan.FromMinutes(-1)));
        Assert.Contains("expired", shell.Run("Connect-DbxWorkspace -AuthType env-oidc").FirstError().ErrorDetails.Message);
    }
}
