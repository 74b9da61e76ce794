using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;

namespace DatabricksJobs.Tests;

/// <summary>Hands out fresh workspace tokens from the emulator, as Get-AzAccessToken would, and notes how it was called.</summary>
public sealed class TokenMinter(string url)
{
    private int _calls;

    public int Calls => _calls;

    /// <summary>Whether every call ran on a runspace's pipeline thread (the only thread a script block may run on).</summary>
    public bool AlwaysOnPipelineThread { get; private set; } = true;

    public List<string> Minted { get; } = [];

    public string Mint()
    {
        Interlocked.Increment(ref _calls);
        if (Runspace.DefaultRunspace is null) AlwaysOnPipelineThread = false;
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using var response = http.PostAsync("/oidc/v1/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["scope"] = "all-apis", ["client_id"] = AuthFixture.ClientId, ["client_secret"] = AuthFixture.ClientSecret,
        })).GetAwaiter().GetResult();
        var token = JsonNode.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult())!["access_token"]!.GetValue<string>();
        lock (Minted) Minted.Add(token);
        return token;
    }

    public System.Security.SecureString MintSecure() => ModuleFixture.SecureToken(Mint());
}

/// <summary>Issue 13: DATABRICKS_AUTH_TYPE and auth_type, -AccessToken script blocks, the Azure CLI.</summary>
[Collection(EnvironmentCollection.Name)]
public class SignInParityTests(AuthFixture module) : IClassFixture<AuthFixture>
{
    private const string SessionType = "DatabricksJobs.Client.DatabricksSession";
    private string Url => module.Emulator.BaseUrl;

    private Shell NewShell()
    {
        var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", Url);
        shell.Set("pat", ModuleFixture.SecureToken(ModuleFixture.Token));
        return shell;
    }

    [Fact]
    public void The_auth_type_of_the_environment_picks_that_method_and_no_other()
    {
        // A token is there too, and would come first: oauth-m2m says to use the client id and secret instead.
        using var environment = new EnvironmentScope(("DATABRICKS_HOST", Url), ("DATABRICKS_AUTH_TYPE", "oauth-m2m"), ("DATABRICKS_TOKEN", "dapi-not-to-be-used"),
            ("DATABRICKS_CLIENT_ID", AuthFixture.ClientId), ("DATABRICKS_CLIENT_SECRET", AuthFixture.ClientSecret));
        using var shell = NewShell();
        var session = shell.Run("Connect-DbxWorkspace").Single(SessionType);
        Assert.Equal("OAuthM2M", session.S("AuthType"));
        Assert.Equal(AuthFixture.ClientId, session.S("UserName"));

        // Names are compared as the SDKs write them, whatever the case.
        Environment.SetEnvironmentVariable("DATABRICKS_AUTH_TYPE", " PAT ");
        Environment.SetEnvironmentVariable("DATABRICKS_TOKEN", ModuleFixture.Token);
        Assert.Equal("PersonalAccessToken", shell.Run("Connect-DbxWorkspace").Single(SessionType).S("AuthType"));

        // A credential given as parameters is the one asked for.
        Environment.SetEnvironmentVariable("DATABRICKS_AUTH_TYPE", "azure-cli");
        var result = shell.Run("Connect-DbxWorkspace -Token $pat -Verbose");
        Assert.Equal("PersonalAccessToken", result.Single(SessionType).S("AuthType"));
        Assert.Contains(result.Verbose, v => v.Contains("the auth type 'azure-cli' of environment variables is not used"));
    }

    [Fact]
    public void The_auth_type_of_a_profile_picks_a_managed_identity_over_the_profiles_token()
    {
        using var environment = new EnvironmentScope(("IDENTITY_ENDPOINT", Url + "/emulator/azure/msi/token"), ("IDENTITY_HEADER", AuthFixture.IdentityHeader));
        environment.WriteConfig($"[prod]\nhost = {Url}\ntoken = dapi-not-to-be-used\nauth_type = azure-msi\nazure_client_id = {AuthFixture.UserIdentity}\n");
        using var shell = NewShell();
        var session = shell.Run("Connect-DbxWorkspace -Profile prod").Single(SessionType);
        Assert.Equal("AzureManagedIdentity", session.S("AuthType"));
        Assert.Equal(AuthFixture.UserIdentity, session.S("UserName"));
        Assert.Equal($"profile 'prod' in {environment.ConfigFile}", session.S("CredentialSource"));
    }

    [Fact]
    public void An_unknown_unsupported_or_incomplete_auth_type_is_a_clear_error()
    {
        using var environment = new EnvironmentScope(("DATABRICKS_HOST", Url), ("DATABRICKS_AUTH_TYPE", "magic"), ("DATABRICKS_TOKEN", ModuleFixture.Token));
        using var shell = NewShell();
        var unknown = shell.Run("Connect-DbxWorkspace").FirstError();
        Assert.StartsWith("UnknownAuthType,", unknown.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, unknown.CategoryInfo.Category);
        Assert.Equal("environment variables set the auth type 'magic', which this module does not know: it knows pat, oauth-m2m, azure-client-secret, azure-msi, azure-cli, databricks-cli, oauth-u2m, github-oidc, azure-devops-oidc, env-oidc, file-oidc.",
            unknown.ErrorDetails.Message);

        Environment.SetEnvironmentVariable("DATABRICKS_AUTH_TYPE", "external-browser");
        var unsupported = shell.Run("Connect-DbxWorkspace").FirstError();
        Assert.StartsWith("UnsupportedAuthType,", unsupported.FullyQualifiedErrorId);
        Assert.Contains("databricks auth login", unsupported.ErrorDetails.Message);

        Environment.SetEnvironmentVariable("DATABRICKS_AUTH_TYPE", "oauth-m2m");
        Environment.SetEnvironmentVariable("DATABRICKS_CLIENT_ID", AuthFixture.ClientId);
        var incomplete = shell.Run("Connect-DbxWorkspace").FirstError();
        Assert.StartsWith("IncompleteAuthType,", incomplete.FullyQualifiedErrorId);
        Assert.Contains("the auth type 'oauth-m2m', which needs a client id and client secret", incomplete.ErrorDetails.Message);
        Assert.Contains("parameters; environment variables; no profile in", incomplete.ErrorDetails.Message);
        Assert.Contains("environment variables give only one of the client id and the client secret", incomplete.ErrorDetails.Message);
        Assert.DoesNotContain(ModuleFixture.Token, shell.Run("Connect-DbxWorkspace -Verbose").AllText());
    }

    [Fact]
    public void An_access_token_script_block_hands_out_fresh_tokens_on_the_pipeline_thread_through_a_long_wait()
    {
        using var environment = new EnvironmentScope();
        using var shell = NewShell();
        var minter = new TokenMinter(Url);
        shell.Set("minter", minter);
        shell.Set("name", $"script-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $session = Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -AccessToken { $minter.Mint() }
            "$session"; $session.psobject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }
            $session.AuthType
            New-DbxJob -Name $name -Task @{ task_key = 'slow'; notebook_task = @{ notebook_path = '/s'; base_parameters = @{ sleep_seconds = '8' } } } |
              Invoke-DbxJobRun -Wait -Verbose
            """).AssertNoErrors();

        Assert.Contains("AccessToken", result.Output.Select(o => o?.ToString()));
        Assert.Equal("SUCCESS", result.Single("DatabricksJobs.Models.Run").S("ResultState"));
        // Tokens of three seconds that do not say when they expire: each refusal gets a new one from the script block.
        Assert.True(minter.Calls >= 3, $"The script block ran {minter.Calls} times.");
        Assert.True(minter.AlwaysOnPipelineThread);
        Assert.Contains(result.Verbose, v => v.Contains("refused the access token") && v.Contains("getting a new one"));
        var text = result.AllText();
        foreach (var token in minter.Minted) Assert.DoesNotContain(token, text);
        Assert.DoesNotContain("Mint", text);
    }

    [Fact]
    public void An_access_token_script_block_may_return_a_secure_string()
    {
        using var environment = new EnvironmentScope();
        using var shell = NewShell();
        var minter = new TokenMinter(Url);
        shell.Set("minter", minter);
        var session = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -AccessToken { 'ignored output'; $minter.MintSecure() }").Single(SessionType);
        Assert.Equal(AuthFixture.ClientId, session.S("UserName"));
        Assert.Equal(1, minter.Calls);
    }

    [Fact]
    public void An_access_token_script_block_that_fails_or_returns_no_token_and_a_plain_text_token_are_clear_errors()
    {
        using var environment = new EnvironmentScope();
        using var shell = NewShell();
        var failed = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -AccessToken { throw 'Run Connect-AzAccount first.' }").FirstError();
        Assert.StartsWith("AccessTokenSourceFailed,", failed.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, failed.CategoryInfo.Category);
        Assert.Equal("The -AccessToken script block failed: Run Connect-AzAccount first.", failed.ErrorDetails.Message);

        var nothing = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -AccessToken { $null }").FirstError();
        Assert.StartsWith("AccessTokenSourceFailed,", nothing.FullyQualifiedErrorId);
        Assert.Contains("returned nothing, not a token", nothing.ErrorDetails.Message);

        var plain = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -AccessToken 'dapi-plain-text-0123'");
        Assert.StartsWith("InvalidCredential,", plain.FirstError().FullyQualifiedErrorId);
        Assert.DoesNotContain("dapi-plain-text-0123", plain.AllText());
        Assert.Null(shell.Run("Get-DbxSession").Output.FirstOrDefault());
    }

    /// <summary>Writes the Databricks CLI's token cache under a home folder of the test's own, with one workspace's token.</summary>
    private static string WriteCliCache(string home, string key, string accessToken, DateTimeOffset expiry, string refreshToken) =>
        WriteCliCache(home, new JsonObject
        {
            ["https://other.example.com"] = CliToken("other-token", DateTimeOffset.Parse("2020-01-01T00:00:00Z"), "other-refresh"),
            [key] = CliToken(accessToken, expiry, refreshToken),
        });

    /// <summary>Writes the Databricks CLI's token cache (version 1) with these entries, owner-only as the CLI makes it.</summary>
    private static string WriteCliCache(string home, JsonObject tokens)
    {
        var path = Path.Combine(home, ".databricks", "token-cache.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, new JsonObject { ["version"] = 1, ["tokens"] = tokens }.ToJsonString());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private static JsonObject CliToken(string accessToken, DateTimeOffset expiry, string refreshToken) =>
        new() { ["access_token"] = accessToken, ["token_type"] = "Bearer", ["refresh_token"] = refreshToken, ["expiry"] = expiry.ToString("O") };

    private static JsonObject ReadCliCache(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    [Fact]
    public void The_databricks_cli_sign_in_reads_the_profiles_key_first_and_writes_a_refreshed_token_under_every_key_the_cli_reads()
    {
        var home = Path.Combine(Path.GetTempPath(), $"home-{Guid.NewGuid():N}");
        try
        {
            using var environment = new EnvironmentScope(("HOME", home));
            environment.WriteConfig($"[cli-work]\nhost = {Url}/\nauth_type = databricks-cli\n\n[elsewhere]\nhost = https://other.example.com\ntoken = dapi-elsewhere\n");
            using var shell = NewShell();
            var hostKey = new Uri(Url).GetLeftPart(UriPartial.Authority);
            var minter = new TokenMinter(Url);

            // The profile's key is read first: the host key holds a token the workspace would refuse.
            WriteCliCache(home, new JsonObject
            {
                ["cli-work"] = CliToken(minter.Mint(), DateTimeOffset.UtcNow.AddHours(1), "refresh-not-used"),
                [hostKey] = CliToken("not-a-token-of-the-workspace", DateTimeOffset.UtcNow.AddHours(1), "refresh-not-used-either"),
            });
            Assert.Equal(AuthFixture.ClientId, shell.Run("Connect-DbxWorkspace -Profile cli-work").Single(SessionType).S("UserName"));

            // databricks auth login --profile cli-work wrote one token under both keys; refreshed, it goes back under both,
            // each entry keeping what else it holds, and the other entries and the version stay as they were.
            module.Options.RefreshTokens["refresh-shared"] = "cli-user@example.com";
            var profileEntry = CliToken("expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5), "refresh-shared");
            profileEntry["written_by"] = "a newer CLI";
            var path = WriteCliCache(home, new JsonObject
            {
                ["https://other.example.com"] = CliToken("other-token", DateTimeOffset.Parse("2020-01-01T00:00:00Z"), "other-refresh"),
                ["cli-work"] = profileEntry,
                [hostKey] = CliToken("expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5), "refresh-shared"),
                ["elsewhere"] = CliToken("elsewhere-token", DateTimeOffset.UtcNow.AddHours(1), "elsewhere-refresh"),
            });
            var before = ReadCliCache(path);
            var result = shell.Run("Connect-DbxWorkspace -Profile cli-work -Verbose");
            Assert.Equal("cli-user@example.com", result.Single(SessionType).S("UserName"));

            var written = ReadCliCache(path);
            Assert.Equal(["version", "tokens"], written.Select(p => p.Key));
            Assert.Equal(1, written["version"]!.GetValue<int>());
            var tokens = written["tokens"]!.AsObject();
            Assert.Equal(["https://other.example.com", "cli-work", hostKey, "elsewhere"], tokens.Select(p => p.Key));
            var refreshed = tokens["cli-work"]!;
            var rotated = refreshed["refresh_token"]!.GetValue<string>();
            Assert.True(module.Options.RefreshTokens.ContainsKey(rotated));
            Assert.False(module.Options.RefreshTokens.ContainsKey("refresh-shared"));
            Assert.NotEqual("expired-access-token", refreshed["access_token"]!.GetValue<string>());
            Assert.True(DateTimeOffset.Parse(refreshed["expiry"]!.GetValue<string>()) > DateTimeOffset.UtcNow);
            Assert.Equal("a newer CLI", refreshed["written_by"]!.GetValue<string>());
            refreshed.AsObject().Remove("written_by");
            Assert.True(JsonNode.DeepEquals(refreshed, tokens[hostKey]));
            foreach (var untouched in new[] { "https://other.example.com", "elsewhere" })
                Assert.True(JsonNode.DeepEquals(before["tokens"]![untouched], tokens[untouched]), untouched);

            // Written as the CLI writes it: replaced whole by a rename, owner-only, nothing left beside it.
            Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            var text = result.AllText();
            Assert.Contains($"wrote it back to {path} under cli-work, {hostKey}.", text);
            foreach (var secret in new[] { "refresh-shared", rotated, refreshed["access_token"]!.GetValue<string>() }) Assert.DoesNotContain(secret, text);
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void The_databricks_cli_sign_in_finds_the_profile_by_host_falls_back_to_the_host_key_and_updates_every_key_that_held_the_used_refresh_token()
    {
        var home = Path.Combine(Path.GetTempPath(), $"home-{Guid.NewGuid():N}");
        try
        {
            using var environment = new EnvironmentScope(("DATABRICKS_HOST", Url), ("DATABRICKS_AUTH_TYPE", "databricks-cli"), ("HOME", home));
            environment.WriteConfig($"[work]\nhost = {Url}\n");
            using var shell = NewShell();
            var hostKey = new Uri(Url).GetLeftPart(UriPartial.Authority);
            var minter = new TokenMinter(Url);

            // No profile named: as databricks auth token --host does, the one profile with the workspace's host gives the key.
            WriteCliCache(home, new JsonObject
            {
                ["work"] = CliToken(minter.Mint(), DateTimeOffset.UtcNow.AddHours(1), "refresh-not-used"),
                [hostKey] = CliToken("not-a-token-of-the-workspace", DateTimeOffset.UtcNow.AddHours(1), "refresh-not-used-either"),
            });
            Assert.Equal(AuthFixture.ClientId, shell.Run("Connect-DbxWorkspace").Single(SessionType).S("UserName"));

            // The profile has no token (a sign-in of a CLI before profile keys): the host key's is used and refreshed
            // there, and no token is made up for the profile, whose scopes may differ.
            module.Options.RefreshTokens["refresh-legacy"] = "cli-user@example.com";
            var path = WriteCliCache(home, new JsonObject { [hostKey] = CliToken("expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5), "refresh-legacy") });
            Assert.Equal("cli-user@example.com", shell.Run("Connect-DbxWorkspace").Single(SessionType).S("UserName"));
            var tokens = ReadCliCache(path)["tokens"]!.AsObject();
            Assert.Equal([hostKey], tokens.Select(p => p.Key));
            Assert.True(module.Options.RefreshTokens.ContainsKey(tokens[hostKey]!["refresh_token"]!.GetValue<string>()));

            // Two profiles have the host, so the CLI cannot tell which (nor can this module): the host key is read, and the
            // profile that shared its refresh token (dual-written at sign-in) gets the new one too; the other keeps its own.
            environment.WriteConfig($"[work]\nhost = {Url}\n\n[work-too]\nhost = {Url}\n");
            module.Options.RefreshTokens["refresh-dual"] = "cli-user@example.com";
            path = WriteCliCache(home, new JsonObject
            {
                ["work"] = CliToken("expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5), "refresh-dual"),
                ["work-too"] = CliToken("expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5), "refresh-of-work-too"),
                [hostKey] = CliToken("expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5), "refresh-dual"),
            });
            var result = shell.Run("Connect-DbxWorkspace -Verbose");
            Assert.Equal("cli-user@example.com", result.Single(SessionType).S("UserName"));
            tokens = ReadCliCache(path)["tokens"]!.AsObject();
            Assert.True(JsonNode.DeepEquals(tokens[hostKey], tokens["work"]));
            Assert.NotEqual("refresh-dual", tokens["work"]!["refresh_token"]!.GetValue<string>());
            Assert.Equal("refresh-of-work-too", tokens["work-too"]!["refresh_token"]!.GetValue<string>());
            Assert.Contains($"under {hostKey}, work.", result.AllText());

            // A profile asked for by name with no token, nor the host: sign in with that profile.
            WriteCliCache(home, new JsonObject { ["https://another.example.com"] = CliToken("t", DateTimeOffset.UtcNow.AddHours(1), "r") });
            var missing = shell.Run("Connect-DbxWorkspace -Profile work").FirstError();
            Assert.StartsWith("DatabricksCliNotSignedIn,", missing.FullyQualifiedErrorId);
            Assert.Contains($"has no token for the profile 'work' or {hostKey}: run databricks auth login --profile work (Databricks CLI 1.0 and later keep the token in the OS keyring",
                missing.ErrorDetails.Message);
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void The_databricks_cli_sign_in_uses_its_cached_token_and_refreshes_an_expired_one_writing_it_back()
    {
        var home = Path.Combine(Path.GetTempPath(), $"home-{Guid.NewGuid():N}");
        try
        {
            using var environment = new EnvironmentScope(("DATABRICKS_HOST", Url), ("DATABRICKS_AUTH_TYPE", "databricks-cli"), ("HOME", home));
            using var shell = NewShell();
            var key = new Uri(Url).GetLeftPart(UriPartial.Authority);
            var minter = new TokenMinter(Url);

            // A token that is still valid is used as it is.
            WriteCliCache(home, key, minter.Mint(), DateTimeOffset.UtcNow.AddHours(1), "refresh-not-used");
            var cached = shell.Run("Connect-DbxWorkspace").Single(SessionType);
            Assert.Equal("DatabricksCli", cached.S("AuthType"));
            Assert.Equal(AuthFixture.ClientId, cached.S("UserName"));

            // An expired one is refreshed with the refresh token (client id databricks-cli), and both new tokens are written back.
            module.Options.RefreshTokens["refresh-1"] = "cli-user@example.com";
            var path = WriteCliCache(home, key, "expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5), "refresh-1");
            var result = shell.Run("Connect-DbxWorkspace -Verbose");
            Assert.Equal("cli-user@example.com", result.Single(SessionType).S("UserName"));
            var written = JsonNode.Parse(File.ReadAllText(path))!;
            Assert.Equal(1, written["version"]!.GetValue<int>());
            var entry = written["tokens"]![key]!;
            Assert.NotEqual("expired-access-token", entry["access_token"]!.GetValue<string>());
            Assert.True(DateTimeOffset.Parse(entry["expiry"]!.GetValue<string>()) > DateTimeOffset.UtcNow);
            var rotated = entry["refresh_token"]!.GetValue<string>();
            Assert.True(module.Options.RefreshTokens.ContainsKey(rotated));
            Assert.False(module.Options.RefreshTokens.ContainsKey("refresh-1"));
            Assert.Equal("other-refresh", written["tokens"]!["https://other.example.com"]!["refresh_token"]!.GetValue<string>());
            var text = result.AllText();
            foreach (var secret in new[] { "refresh-1", rotated, entry["access_token"]!.GetValue<string>() }) Assert.DoesNotContain(secret, text);

            // A refresh token the workspace no longer takes says to sign in again; so does a workspace the cache does not know.
            WriteCliCache(home, key, "expired-access-token", DateTimeOffset.UtcNow.AddMinutes(-5), "refresh-1");
            var refused = shell.Run("Connect-DbxWorkspace").FirstError();
            Assert.StartsWith("invalid_grant,", refused.FullyQualifiedErrorId);
            Assert.Contains($"run databricks auth login --host {key}", refused.ErrorDetails.Message);
            WriteCliCache(home, "https://another.example.com", "t", DateTimeOffset.UtcNow.AddHours(1), "r");
            var unknown = shell.Run("Connect-DbxWorkspace").FirstError();
            Assert.StartsWith("DatabricksCliNotSignedIn,", unknown.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, unknown.CategoryInfo.Category);
        }
        finally
        {
            if (Directory.Exists(home)) Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>An internal static method of the engine the module loaded (in its own load context), by reflection.</summary>
    private object? Engine(string type, string method, params object[] arguments)
    {
        using var shell = NewShell();
        var engine = System.Runtime.Loader.AssemblyLoadContext.All.SelectMany(c => c.Assemblies).First(a => a.GetName().Name == "DatabricksJobs.Engine");
        return engine.GetType(type, throwOnError: true)!.GetMethod(method, System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.Invoke(null, arguments);
    }

    private static string Base64Url(string json) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void A_jwt_says_when_it_expires_and_any_other_token_does_not()
    {
        const string type = "DatabricksJobs.Client.Auth.TokenSourceCredential";
        var jwt = $"{Base64Url("""{"alg":"RS256","typ":"JWT"}""")}.{Base64Url("""{"aud":"2ff814a6-3304-4ab8-85cb-cd0e6f879c1d","exp":1900000000}""")}.c2ln";
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1900000000), Engine(type, "JwtExpiry", jwt));
        foreach (var other in new[] { "dapi0123456789", "a.b.c", $"x.{Base64Url("[1]")}.y", $"x.{Base64Url("""{"exp":"soon"}""")}.y" })
            Assert.Null(Engine(type, "JwtExpiry", other));
    }

    [Fact]
    public void The_azure_clis_answer_gives_the_expiry_from_expires_on_else_from_expiresOn_in_local_time()
    {
        const string type = "DatabricksJobs.Client.Auth.AzureCliCredential";
        static DateTimeOffset ExpiresAt(object? info) => (DateTimeOffset)info!.GetType().GetProperty("ExpiresAt")!.GetValue(info)!;
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1900000000),
            ExpiresAt(Engine(type, "Read", """{"accessToken":"t","expiresOn":"2030-01-01 00:00:00.000000","expires_on":1900000000}""")));
        // Older az versions write only expiresOn, in the machine's local time.
        Assert.Equal(new DateTimeOffset(new DateTime(2030, 1, 1, 12, 30, 0, DateTimeKind.Local)),
            ExpiresAt(Engine(type, "Read", """{"accessToken":"t","expiresOn":"2030-01-01 12:30:00.000000"}""")));
    }

    /// <summary>A stand-in for az: a shell script that notes its arguments and prints what the real one does.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static string FakeAz(string directory, string script)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "az");
        File.WriteAllText(path, "#!/bin/sh\n" + script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }

    [Fact]
    public async Task The_azure_cli_gives_tokens_with_az_account_get_access_token()
    {
        if (OperatingSystem.IsWindows()) return;
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/emulator/azure/msi/token?api-version=2019-08-01&resource=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d");
        request.Headers.Add("X-IDENTITY-HEADER", AuthFixture.IdentityHeader);
        using var response = await http.SendAsync(request);
        var token = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        var directory = Path.Combine(Path.GetTempPath(), $"fake-az-{Guid.NewGuid():N}");
        var arguments = Path.Combine(directory, "arguments");
        var expires = DateTimeOffset.UtcNow.AddHours(1);
        FakeAz(directory, $$"""
            echo "$@" >> '{{arguments}}'
            echo '{"accessToken": "{{token}}", "expiresOn": "{{expires.LocalDateTime:yyyy-MM-dd HH:mm:ss.ffffff}}", "expires_on": {{expires.ToUnixTimeSeconds()}}, "subscription": "s", "tenant": "t", "tokenType": "Bearer"}'
            """);
        try
        {
            using var environment = new EnvironmentScope(("DATABRICKS_HOST", Url), ("DATABRICKS_AUTH_TYPE", "azure-cli"),
                ("PATH", directory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH")));
            using var shell = NewShell();
            var result = shell.Run("Connect-DbxWorkspace -Verbose");
            var session = result.Single(SessionType);
            Assert.Equal("AzureCli", session.S("AuthType"));
            Assert.Equal(AuthFixture.SystemIdentity, session.S("UserName"));
            Assert.Equal("account get-access-token --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d --output json", File.ReadAllLines(arguments).Single());
            Assert.DoesNotContain(token, result.AllText());

            // With a tenant (ARM_TENANT_ID), as the SDKs pass it.
            Environment.SetEnvironmentVariable("ARM_TENANT_ID", AuthFixture.Defaults.AzureTenantId);
            shell.Run("Connect-DbxWorkspace").AssertNoErrors();
            Assert.EndsWith($"--tenant {AuthFixture.Defaults.AzureTenantId}", File.ReadAllLines(arguments).Last());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void The_azure_cli_not_installed_or_not_logged_in_is_a_clear_error()
    {
        if (OperatingSystem.IsWindows()) return;
        var directory = FakeAz(Path.Combine(Path.GetTempPath(), $"fake-az-{Guid.NewGuid():N}"),
            "echo \"ERROR: Please run 'az login' to setup account.\" >&2\nexit 1\n");
        var empty = Directory.CreateDirectory(Path.Combine(directory, "empty")).FullName;
        try
        {
            using var environment = new EnvironmentScope(("DATABRICKS_HOST", Url), ("DATABRICKS_AUTH_TYPE", "azure-cli"), ("PATH", directory));
            using var shell = NewShell();
            var notLoggedIn = shell.Run("Connect-DbxWorkspace").FirstError();
            Assert.StartsWith("AzureCliFailed,", notLoggedIn.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.AuthenticationError, notLoggedIn.CategoryInfo.Category);
            Assert.Contains("The Azure CLI could not give a token (az account get-access-token failed: ERROR: Please run 'az login' to setup account.)", notLoggedIn.ErrorDetails.Message);

            Environment.SetEnvironmentVariable("PATH", empty);
            var missing = shell.Run("Connect-DbxWorkspace").FirstError();
            Assert.StartsWith("AzureCliNotFound,", missing.FullyQualifiedErrorId);
            Assert.Contains("The Azure CLI (az) is not installed or not on PATH", missing.ErrorDetails.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
