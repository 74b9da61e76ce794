using System.Net;
using System.Text;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Identity;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>An emulator with OAuth clients and Azure identities, whose tokens live two seconds.</summary>
public sealed class IdentityFixture : EmulatorFixture
{
    public const string ClientId = "3f1c2a44-0000-4000-8000-0000000000c1";
    public const string ClientSecret = "dose-test-secret";
    public const string SystemIdentity = "9a9a9a9a-0000-4000-8000-00000000005a";
    public const string UserIdentity = "9b9b9b9b-0000-4000-8000-0000000000ua";
    public const string NewcomerIdentity = "9c9c9c9c-0000-4000-8000-0000000000nw";
    public const string AppId = "9d9d9d9d-0000-4000-8000-0000000000sp";
    public const string AppSecret = "entra-test-secret";
    public const string IdentityHeader = "identity-header-secret";

    public const string RefreshToken = "doser-test-refresh";
    public const string CliUser = "cli-user@example.com";

    public const string FederatedPrincipal = "9e9e9e9e-0000-4000-8000-0000000000fd";
    public const string PipelineIssuer = "https://token.actions.githubusercontent.com";
    public const string PipelineSubject = "repo:acme/jobs:ref:refs/heads/main";

    protected override void Configure(EmulatorOptions options)
    {
        options.RefreshTokens[RefreshToken] = CliUser;
        options.AccessTokenLifetime = TimeSpan.FromSeconds(2);
        options.AzureIdentityHeader = IdentityHeader;
        options.OAuthClients.Add(new OAuthClient(ClientId, ClientSecret));
        options.AzureIdentities.Add(new AzureIdentity(SystemIdentity, SystemAssigned: true));
        options.AzureIdentities.Add(new AzureIdentity(UserIdentity));
        options.AzureIdentities.Add(new AzureIdentity(NewcomerIdentity, IsWorkspaceMember: false));
        options.AzureIdentities.Add(new AzureIdentity(AppId, AppSecret));
        options.FederationPolicies.Add(new FederationPolicy(PipelineIssuer, PipelineSubject, FederatedPrincipal));
        options.FederationPolicies.Add(new FederationPolicy(PipelineIssuer, "repo:acme/jobs:environment:prod", FederatedPrincipal, "api://ci"));
    }
}

public class IdentityTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(fixture.Server.BaseUrl) };

    private async Task<(HttpStatusCode Status, JsonNode Json)> Send(HttpRequestMessage request)
    {
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static FormUrlEncodedContent Form(params (string, string)[] fields) => new(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)));

    private Task<(HttpStatusCode Status, JsonNode Json)> OAuth(string id, string secret, bool basic = true)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oidc/v1/token")
        {
            Content = basic ? Form(("grant_type", "client_credentials"), ("scope", "all-apis"))
                : Form(("grant_type", "client_credentials"), ("scope", "all-apis"), ("client_id", id), ("client_secret", secret)),
        };
        if (basic) request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));
        return Send(request);
    }

    private Task<(HttpStatusCode Status, JsonNode Json)> Jobs(string token, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/2.2/jobs/list");
        request.Headers.Authorization = new("Bearer", token);
        foreach (var (name, value) in headers) request.Headers.Add(name, value);
        return Send(request);
    }

    private Task<(HttpStatusCode Status, JsonNode Json)> AppServiceToken(string resource, string? clientId = null, string header = IdentityFixture.IdentityHeader)
    {
        var query = $"/emulator/azure/msi/token?api-version=2019-08-01&resource={Uri.EscapeDataString(resource)}" + (clientId is null ? "" : $"&client_id={clientId}");
        var request = new HttpRequestMessage(HttpMethod.Get, query);
        request.Headers.Add("X-IDENTITY-HEADER", header);
        return Send(request);
    }

    [Fact]
    public async Task OAuth_client_credentials_give_a_bearer_token_for_the_api_by_basic_header_or_form()
    {
        foreach (var basic in new[] { true, false })
        {
            var (status, json) = await OAuth(IdentityFixture.ClientId, IdentityFixture.ClientSecret, basic);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("Bearer", json["token_type"]!.GetValue<string>());
            Assert.InRange(json["expires_in"]!.GetValue<long>(), 1, 2);
            var token = json["access_token"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await Jobs(token)).Status);
            var me = await new ApiClient(fixture.Server.BaseUrl, token).GetAsync("/api/2.0/preview/scim/v2/Me");
            Assert.Equal(IdentityFixture.ClientId, me.Ok()["userName"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task The_token_endpoint_is_found_through_oauth_discovery()
    {
        var (status, json) = await Send(new HttpRequestMessage(HttpMethod.Get, "/oidc/.well-known/oauth-authorization-server"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(fixture.Server.BaseUrl + "/oidc/v1/token", json["token_endpoint"]!.GetValue<string>());
        Assert.EndsWith("/oidc/v1/authorize", json["authorization_endpoint"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_refresh_token_of_the_databricks_cli_is_redeemed_once_for_a_users_token_and_a_new_refresh_token()
    {
        Task<(HttpStatusCode Status, JsonNode Json)> Redeem(string refresh, string clientId = "databricks-cli") =>
            Send(new HttpRequestMessage(HttpMethod.Post, "/oidc/v1/token") { Content = Form(("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", clientId)) });

        Assert.Equal("invalid_client", (await Redeem(IdentityFixture.RefreshToken, "someone-else")).Json["error"]!.GetValue<string>());
        var (status, json) = await Redeem(IdentityFixture.RefreshToken);
        Assert.Equal(HttpStatusCode.OK, status);
        var me = await new ApiClient(fixture.Server.BaseUrl, json["access_token"]!.GetValue<string>()).GetAsync("/api/2.0/preview/scim/v2/Me");
        Assert.Equal(IdentityFixture.CliUser, me.Ok()["userName"]!.GetValue<string>());
        var next = json["refresh_token"]!.GetValue<string>();
        Assert.NotEqual(IdentityFixture.RefreshToken, next);

        (status, json) = await Redeem(IdentityFixture.RefreshToken);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_grant", json["error"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await Redeem(next)).Status);
    }

    [Fact]
    public async Task A_wrong_secret_or_grant_is_an_oauth_error()
    {
        var (status, json) = await OAuth(IdentityFixture.ClientId, "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("invalid_client", json["error"]!.GetValue<string>());
        (status, json) = await OAuth("unknown-client", IdentityFixture.ClientSecret);
        Assert.Equal("invalid_client", json["error"]!.GetValue<string>());
        (status, json) = await Send(new HttpRequestMessage(HttpMethod.Post, "/oidc/v1/token") { Content = Form(("grant_type", "password")) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("unsupported_grant_type", json["error"]!.GetValue<string>());
    }

    /// <summary>An unsigned JWT with these claims (aud a string, or an array when given several); exp is seconds from now.</summary>
    public static string Jwt(string issuer, string subject, object audience, long expiresInSeconds)
    {
        static string Part(JsonNode json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var claims = new JsonObject
        {
            ["iss"] = issuer, ["sub"] = subject, ["exp"] = DateTimeOffset.UtcNow.AddSeconds(expiresInSeconds).ToUnixTimeSeconds(),
            ["aud"] = audience is string[] many ? new JsonArray([.. many.Select(a => (JsonNode)a)]) : JsonValue.Create((string)audience),
        };
        return $"{Part(new JsonObject { ["alg"] = "none" })}.{Part(claims)}.";
    }

    private Task<(HttpStatusCode Status, JsonNode Json)> Exchange(string? subjectToken, string? clientId = IdentityFixture.FederatedPrincipal, string type = "urn:ietf:params:oauth:token-type:jwt")
    {
        var fields = new List<(string, string)> { ("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"), ("subject_token_type", type), ("scope", "all-apis") };
        if (subjectToken is not null) fields.Add(("subject_token", subjectToken));
        if (clientId is not null) fields.Add(("client_id", clientId));
        return Send(new HttpRequestMessage(HttpMethod.Post, "/oidc/v1/token") { Content = Form([.. fields]) });
    }

    private string TokenEndpoint => fixture.Server.BaseUrl + "/oidc/v1/token";

    [Fact]
    public async Task A_trusted_id_token_is_exchanged_for_the_service_principals_token()
    {
        foreach (var jwt in new[]
        {
            Jwt(IdentityFixture.PipelineIssuer, IdentityFixture.PipelineSubject, TokenEndpoint, 300),
            Jwt(IdentityFixture.PipelineIssuer, IdentityFixture.PipelineSubject, new[] { "api://other", TokenEndpoint }, 300),
            Jwt(IdentityFixture.PipelineIssuer, "repo:acme/jobs:environment:prod", "api://ci", 300),
        })
        {
            var (status, json) = await Exchange(jwt);
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.InRange(json["expires_in"]!.GetValue<long>(), 1, 2);
            var me = await new ApiClient(fixture.Server.BaseUrl, json["access_token"]!.GetValue<string>()).GetAsync("/api/2.0/preview/scim/v2/Me");
            Assert.Equal(IdentityFixture.FederatedPrincipal, me.Ok()["userName"]!.GetValue<string>());
        }
        var (_, discovery) = await Send(new HttpRequestMessage(HttpMethod.Get, "/oidc/.well-known/oauth-authorization-server"));
        Assert.Contains("urn:ietf:params:oauth:grant-type:token-exchange", discovery["grant_types_supported"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    [Fact]
    public async Task An_id_token_no_policy_of_the_client_trusts_or_that_expired_is_refused()
    {
        string? Good(string? issuer = null, string? subject = null, string? audience = null, long expires = 300) =>
            Jwt(issuer ?? IdentityFixture.PipelineIssuer, subject ?? IdentityFixture.PipelineSubject, audience ?? TokenEndpoint, expires);
        foreach (var (jwt, clientId, says) in new[]
        {
            (Good(issuer: "https://evil.example.com"), IdentityFixture.FederatedPrincipal, "issuer 'https://evil.example.com'"),
            (Good(subject: "repo:mallory/fork:ref:refs/heads/main"), IdentityFixture.FederatedPrincipal, "subject 'repo:mallory/fork:ref:refs/heads/main'"),
            (Good(audience: "api://ci"), IdentityFixture.FederatedPrincipal, "audience 'api://ci'"),
            (Good(expires: -10), IdentityFixture.FederatedPrincipal, "expired"),
            (Good(), IdentityFixture.ClientId, "has no federation policy"),
        })
        {
            var (status, json) = await Exchange(jwt, clientId);
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("invalid_grant", json["error"]!.GetValue<string>());
            Assert.Contains(says, json["error_description"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_malformed_token_exchange_is_a_400()
    {
        var good = Jwt(IdentityFixture.PipelineIssuer, IdentityFixture.PipelineSubject, TokenEndpoint, 300);
        foreach (var (status, json) in new[]
        {
            await Exchange(null), await Exchange("not-a-jwt"), await Exchange("a.%%%.c"), await Exchange(good, clientId: null),
            await Exchange(good, type: "urn:ietf:params:oauth:token-type:saml2"),
        })
        {
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("invalid_request", json["error"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task An_issued_token_expires()
    {
        var token = (await OAuth(IdentityFixture.ClientId, IdentityFixture.ClientSecret)).Json["access_token"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.OK, (await Jobs(token)).Status);
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var (status, json) = await Jobs(token);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("UNAUTHENTICATED", json["error_code"]!.GetValue<string>());
        Assert.Contains("expired", json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_app_service_identity_endpoint_gives_system_and_user_assigned_tokens_with_its_header_only()
    {
        var (status, json) = await AppServiceToken(Audiences.AzureDatabricks);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(IdentityFixture.SystemIdentity, json["client_id"]!.GetValue<string>());
        Assert.True(long.Parse(json["expires_on"]!.GetValue<string>()) > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(HttpStatusCode.OK, (await Jobs(json["access_token"]!.GetValue<string>())).Status);

        (_, json) = await AppServiceToken(Audiences.AzureDatabricks, IdentityFixture.UserIdentity);
        Assert.Equal(IdentityFixture.UserIdentity, json["client_id"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.Unauthorized, (await AppServiceToken(Audiences.AzureDatabricks, header: "wrong")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await AppServiceToken(Audiences.AzureDatabricks, "no-such-identity")).Status);
    }

    [Fact]
    public async Task The_metadata_service_needs_its_header_and_answers_expires_in_as_text()
    {
        var path = $"/emulator/azure/imds/metadata/identity/oauth2/token?api-version=2018-02-01&resource={Audiences.AzureDatabricks}";
        var (status, json) = await Send(new HttpRequestMessage(HttpMethod.Get, path));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("metadata header", json["error_description"]!.GetValue<string>());

        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Metadata", "true");
        (status, json) = await Send(request);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange(long.Parse(json["expires_in"]!.GetValue<string>()), 1, 2);
    }

    [Fact]
    public async Task The_entra_login_endpoint_checks_tenant_client_and_secret()
    {
        async Task<(HttpStatusCode, JsonNode)> Login(string tenant, string id, string secret, string scope = Audiences.AzureDatabricks + "/.default") =>
            await Send(new HttpRequestMessage(HttpMethod.Post, $"/emulator/azure/login/{tenant}/oauth2/v2.0/token")
            {
                Content = Form(("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret), ("scope", scope)),
            });
        var tenant = new EmulatorOptions().AzureTenantId;

        var (status, json) = await Login(tenant, IdentityFixture.AppId, IdentityFixture.AppSecret);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await Jobs(json["access_token"]!.GetValue<string>())).Status);

        (status, json) = await Login(tenant, IdentityFixture.AppId, "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.StartsWith("AADSTS7000215", json["error_description"]!.GetValue<string>());
        (status, json) = await Login("00000000-0000-0000-0000-000000000bad", IdentityFixture.AppId, IdentityFixture.AppSecret);
        Assert.StartsWith("AADSTS90002", json["error_description"]!.GetValue<string>());

        // A management token is not a workspace token.
        (_, json) = await Login(tenant, IdentityFixture.AppId, IdentityFixture.AppSecret, Audiences.AzureManagement + ".default");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Jobs(json["access_token"]!.GetValue<string>())).Status);
    }

    [Fact]
    public async Task A_newcomer_gets_in_with_the_resource_id_and_a_management_token_and_stays_a_member()
    {
        var token = (await AppServiceToken(Audiences.AzureDatabricks, IdentityFixture.NewcomerIdentity)).Json["access_token"]!.GetValue<string>();
        var management = (await AppServiceToken(Audiences.AzureManagement, IdentityFixture.NewcomerIdentity)).Json["access_token"]!.GetValue<string>();
        var resourceId = new EmulatorOptions().AzureWorkspaceResourceId;

        var (status, json) = await Jobs(token);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("X-Databricks-Azure-Workspace-Resource-Id", json["message"]!.GetValue<string>());
        (status, json) = await Jobs(token, ("X-Databricks-Azure-Workspace-Resource-Id", "/subscriptions/x/resourceGroups/y/providers/Microsoft.Databricks/workspaces/other"),
            ("X-Databricks-Azure-SP-Management-Token", management));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("does not name this workspace", json["message"]!.GetValue<string>());

        (status, _) = await Jobs(token, ("X-Databricks-Azure-Workspace-Resource-Id", resourceId), ("X-Databricks-Azure-SP-Management-Token", management));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.OK, (await Jobs(token)).Status);
    }

    [Theory]
    [InlineData("POST", "/oidc/v1/token", "application/json", "{}")]
    [InlineData("POST", "/oidc/v1/token", "application/x-www-form-urlencoded", "%%%=&&=x")]
    [InlineData("GET", "/oidc/v1/token", null, null)]
    [InlineData("GET", "/emulator/azure/msi/token?resource=", null, null)]
    [InlineData("POST", "/emulator/azure/msi/token", "text/plain", "x")]
    [InlineData("GET", "/emulator/azure/imds/metadata/identity/oauth2/token?resource=%ZZ", null, null)]
    [InlineData("POST", "/emulator/azure/login//oauth2/v2.0/token", "application/x-www-form-urlencoded", "grant_type=client_credentials")]
    [InlineData("POST", "/emulator/azure/login/x/y/z", "application/x-www-form-urlencoded", "a=b")]
    [InlineData("GET", "/emulator/azure/", null, null)]
    public async Task Bad_identity_requests_are_client_errors_never_500(string method, string path, string? contentType, string? body)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, contentType!);
        request.Headers.TryAddWithoutValidation("Authorization", "Basic %%%not-base64");
        using var response = await _http.SendAsync(request);
        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
    }

    [Fact]
    public async Task Identity_requests_are_counted_in_the_stats()
    {
        await OAuth(IdentityFixture.ClientId, IdentityFixture.ClientSecret);
        var stats = (await fixture.Admin.GetAsync("/emulator/stats")).Ok().ToJsonString();
        Assert.Contains("/oidc/v1/token", stats);
    }
}

/// <summary>Whatever body a client posts to a token endpoint, the answer is an OAuth error, never a 5xx.</summary>
public class TokenEndpointFuzzTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private static string EntraLogin => $"/emulator/azure/login/{new EmulatorOptions().AzureTenantId}/oauth2/v2.0/token";

    public static TheoryData<string, string> MalformedBodies()
    {
        var data = new TheoryData<string, string>();
        foreach (var path in new[] { IdentityEndpoints.OidcTokenPath, EntraLogin })
        {
            foreach (var kind in new[]
                     {
                         "multipart", "multipart-without-boundary", "multipart-torn", "huge-key", "huge-value", "too-many-fields",
                         "bad-percent-encoding", "bad-utf8", "wrong-content-type", "no-content-type", "empty", "json",
                     })
            {
                data.Add(path, kind);
            }
        }
        return data;
    }

    private static HttpContent Body(string kind)
    {
        const string grant = "grant_type=client_credentials&client_id=" + IdentityFixture.ClientId + "&client_secret=" + IdentityFixture.ClientSecret;
        HttpContent Raw(string text, string? contentType)
        {
            var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return content;
        }
        switch (kind)
        {
            case "multipart":
                return new MultipartFormDataContent
                {
                    { new StringContent("client_credentials"), "grant_type" },
                    { new StringContent(IdentityFixture.ClientId), "client_id" },
                    { new StringContent(IdentityFixture.ClientSecret), "client_secret" },
                };
            case "multipart-without-boundary":
                return Raw("--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_credentials\r\n--x--\r\n", "multipart/form-data");
            case "multipart-torn":
                return Raw("--x\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nclient_cred", "multipart/form-data; boundary=x");
            case "huge-key":
                return Raw(new string('k', 10_000) + "=v&" + grant, "application/x-www-form-urlencoded");
            case "huge-value":
                return Raw("scope=" + new string('v', 5 * 1024 * 1024) + "&" + grant, "application/x-www-form-urlencoded");
            case "too-many-fields":
                return Raw(string.Join("&", Enumerable.Range(0, 2000).Select(i => $"f{i}=x")) + "&" + grant, "application/x-www-form-urlencoded");
            case "bad-percent-encoding":
                return Raw("grant_type=client%ZZcredentials&client_id=%&client_secret=%%%", "application/x-www-form-urlencoded");
            case "bad-utf8":
                return Raw("grant_type=%C3%28&client_id=%FF%FE", "application/x-www-form-urlencoded");
            case "wrong-content-type":
                return Raw(grant, "text/plain");
            case "no-content-type":
                return Raw(grant, null);
            case "empty":
                return Raw("", "application/x-www-form-urlencoded");
            case "json":
                return Raw("""{"grant_type":"client_credentials"}""", "application/json");
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_body_is_a_400_oauth_error(string path, string kind)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Server.BaseUrl) };
        using var response = await http.PostAsync(path, Body(kind));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{kind}: {(int)response.StatusCode} {text}");
        var json = JsonNode.Parse(text)!;
        Assert.Contains(json["error"]!.GetValue<string>(), new[] { "invalid_request", "unsupported_grant_type" });
        Assert.False(string.IsNullOrEmpty(json["error_description"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData(IdentityEndpoints.OidcTokenPath)]
    [InlineData("/emulator/azure/login/72f988bf-0000-0000-0000-00000000e11a/oauth2/v2.0/token")]
    public async Task A_body_whose_chunked_framing_is_broken_is_a_400_oauth_error(string path)
    {
        var (status, body) = await RawHttp.SendAsync(fixture.Server.BaseUrl,
            $"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
            "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\ngrant_type=client_credentials\r\n0\r\n\r\n");
        Assert.Equal(400, status);
        Assert.Equal("invalid_request", JsonNode.Parse(body)!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_well_formed_request_still_gets_a_token_after_malformed_ones()
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Server.BaseUrl) };
        (await http.PostAsync(IdentityEndpoints.OidcTokenPath, Body("huge-key"))).Dispose();
        using var response = await http.PostAsync(IdentityEndpoints.OidcTokenPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = IdentityFixture.ClientId, ["client_secret"] = IdentityFixture.ClientSecret,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
