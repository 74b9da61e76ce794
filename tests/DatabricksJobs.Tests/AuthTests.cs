using System.Management.Automation;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Identity;

namespace DatabricksJobs.Tests;

/// <summary>The module and an emulator with OAuth clients and Azure identities whose tokens live three seconds.</summary>
public sealed class AuthFixture : ModuleFixture
{
    public const string ClientId = "6b0e3c1d-0000-4000-8000-0000000000c1";
    public const string ClientSecret = "dose-module-test-secret-0123";
    public const string SystemIdentity = "5a5a5a5a-0000-4000-8000-000000000000";
    public const string UserIdentity = "5b5b5b5b-0000-4000-8000-000000000000";
    public const string Newcomer = "5c5c5c5c-0000-4000-8000-000000000000";
    public const string AppId = "5d5d5d5d-0000-4000-8000-000000000000";
    public const string AppSecret = "entra-module-test-secret-0123";
    public const string IdentityHeader = "identity-header-module-test-0123";

    public static readonly EmulatorOptions Defaults = new();

    /// <summary>The emulator's options, which tests change while it runs (refresh tokens of CLI sign-ins).</summary>
    public EmulatorOptions Options { get; private set; } = null!;

    protected override void Configure(EmulatorOptions options)
    {
        Options = options;
        options.AccessTokenLifetime = TimeSpan.FromSeconds(3);
        options.AzureIdentityHeader = IdentityHeader;
        options.OAuthClients.Add(new OAuthClient(ClientId, ClientSecret));
        options.AzureIdentities.Add(new AzureIdentity(SystemIdentity, SystemAssigned: true));
        options.AzureIdentities.Add(new AzureIdentity(UserIdentity));
        options.AzureIdentities.Add(new AzureIdentity(Newcomer, IsWorkspaceMember: false));
        options.AzureIdentities.Add(new AzureIdentity(AppId, AppSecret));
    }
}

/// <summary>Tests that change the process's environment variables, which no other test may see: they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Environment";
}

/// <summary>Sets the environment variables a test names, clears every other one the module reads, and restores them all after.</summary>
public sealed class EnvironmentScope : IDisposable
{
    private static readonly string[] Read =
    [
        "DATABRICKS_HOST", "DATABRICKS_AUTH_TYPE", "DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_CONFIG_PROFILE", "DATABRICKS_CONFIG_FILE",
        "DATABRICKS_AZURE_RESOURCE_ID", "ARM_CLIENT_ID", "ARM_CLIENT_SECRET", "ARM_TENANT_ID", "ARM_USE_MSI", "IDENTITY_ENDPOINT", "IDENTITY_HEADER",
        "AZURE_POD_IDENTITY_AUTHORITY_HOST", "AZURE_AUTHORITY_HOST", "HOME",
        "DATABRICKS_OIDC_TOKEN", "DATABRICKS_OIDC_TOKEN_ENV", "DATABRICKS_OIDC_TOKEN_FILEPATH", "DATABRICKS_OIDC_TOKEN_FILE", "DATABRICKS_TOKEN_AUDIENCE",
        "ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN", "SYSTEM_ACCESSTOKEN", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI", "SYSTEM_TEAMPROJECTID",
        "SYSTEM_HOSTTYPE", "SYSTEM_PLANID", "SYSTEM_JOBID",
    ];

    private readonly Dictionary<string, string?> _saved = Read.ToDictionary(n => n, Environment.GetEnvironmentVariable);
    private readonly string _configFile = Path.Combine(Path.GetTempPath(), $"databrickscfg-{Guid.NewGuid():N}");

    public EnvironmentScope(params (string Name, string? Value)[] variables)
    {
        // Others a test sets (PATH) are restored too.
        foreach (var (name, _) in variables) _saved.TryAdd(name, Environment.GetEnvironmentVariable(name));
        foreach (var name in Read) Environment.SetEnvironmentVariable(name, null);
        // Never the machine's own ~/.databrickscfg.
        Environment.SetEnvironmentVariable("DATABRICKS_CONFIG_FILE", _configFile);
        foreach (var (name, value) in variables) Environment.SetEnvironmentVariable(name, value);
    }

    public string ConfigFile => _configFile;

    public void WriteConfig(string text) => File.WriteAllText(_configFile, text);

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
        File.Delete(_configFile);
    }
}

[Collection(EnvironmentCollection.Name)]
public class AuthTests(AuthFixture module) : IClassFixture<AuthFixture>
{
    private const string SessionType = "DatabricksJobs.Client.DatabricksSession";
    private string Url => module.Emulator.BaseUrl;
    private (string, string?) IdentityEndpoint => ("IDENTITY_ENDPOINT", Url + "/emulator/azure/msi/token");
    private static (string, string?) IdentityHeader => ("IDENTITY_HEADER", AuthFixture.IdentityHeader);
    private (string, string?) MetadataService => ("AZURE_POD_IDENTITY_AUTHORITY_HOST", Url + "/emulator/azure/imds");
    private (string, string?) Authority => ("AZURE_AUTHORITY_HOST", Url + "/emulator/azure/login");

    private Shell NewShell()
    {
        var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", Url);
        shell.Set("pat", ModuleFixture.SecureToken(ModuleFixture.Token));
        shell.Set("clientSecret", ModuleFixture.SecureToken(AuthFixture.ClientSecret));
        shell.Set("appSecret", ModuleFixture.SecureToken(AuthFixture.AppSecret));
        shell.Set("wrongSecret", ModuleFixture.SecureToken("not-the-secret-0123456789"));
        shell.Set("tenant", AuthFixture.Defaults.AzureTenantId);
        shell.Set("resourceId", AuthFixture.Defaults.AzureWorkspaceResourceId);
        return shell;
    }

    /// <summary>Connects with <paramref name="connect"/>, then runs a job to the end with the new session.</summary>
    private static PSObject ConnectAndRun(Shell shell, string connect)
    {
        var session = shell.Run(connect + " -Verbose").Single(SessionType);
        shell.Set("name", $"auth-{Guid.NewGuid():N}");
        var run = shell.Run("New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } | Invoke-DbxJobRun -Wait")
            .Single("DatabricksJobs.Models.Run");
        Assert.Equal("SUCCESS", run.S("ResultState"));
        return session;
    }

    [Fact]
    public void A_personal_access_token_from_the_environment()
    {
        using var environment = new EnvironmentScope(("DATABRICKS_HOST", Url), ("DATABRICKS_TOKEN", ModuleFixture.Token));
        using var shell = NewShell();
        var session = ConnectAndRun(shell, "Connect-DbxWorkspace");
        Assert.Equal("PersonalAccessToken", session.S("AuthType"));
        Assert.Equal("environment variables", session.S("CredentialSource"));
        Assert.Equal(ModuleFixture.UserName, session.S("UserName"));
    }

    [Fact]
    public void Parameters_come_before_the_environment_and_the_environment_before_the_default_profile()
    {
        using var environment = new EnvironmentScope(("DATABRICKS_HOST", Url), ("DATABRICKS_TOKEN", "dapi-wrong-from-environment"));
        environment.WriteConfig($"[DEFAULT]\nhost = {Url}\ntoken = dapi-wrong-from-profile\n");
        using var shell = NewShell();

        Assert.Equal("parameters", shell.Run("Connect-DbxWorkspace -Token $pat").Single(SessionType).S("CredentialSource"));
        var fromEnvironment = shell.Run("Connect-DbxWorkspace");
        Assert.StartsWith("UNAUTHENTICATED,", fromEnvironment.FirstError().FullyQualifiedErrorId);

        Environment.SetEnvironmentVariable("DATABRICKS_TOKEN", null);
        environment.WriteConfig($"[DEFAULT]\nhost = {Url}\ntoken = {ModuleFixture.Token}\n");
        var fromProfile = shell.Run("Connect-DbxWorkspace").Single(SessionType);
        Assert.Equal($"profile 'DEFAULT' in {environment.ConfigFile}", fromProfile.S("CredentialSource"));
    }

    [Fact]
    public void A_profile_named_by_parameter_or_variable_is_used_with_its_own_host()
    {
        // DATABRICKS_HOST points nowhere: the profile's token goes to the profile's host.
        using var environment = new EnvironmentScope(("DATABRICKS_HOST", "http://127.0.0.1:1"), ("DATABRICKS_TOKEN", "dapi-wrong-from-environment"));
        environment.WriteConfig($"""
            ; written by the Databricks CLI
            [DEFAULT]
            host = http://127.0.0.1:1

            [prod]
            host = {Url}
            client_id = {AuthFixture.ClientId}
            client_secret = {AuthFixture.ClientSecret}

            [pat]
            host = {Url}
            token = {ModuleFixture.Token}
            """);
        using var shell = NewShell();

        var prod = ConnectAndRun(shell, "Connect-DbxWorkspace -Profile prod");
        Assert.Equal("OAuthM2M", prod.S("AuthType"));
        Assert.Equal(AuthFixture.ClientId, prod.S("UserName"));
        Assert.Equal($"profile 'prod' in {environment.ConfigFile}", prod.S("CredentialSource"));

        Environment.SetEnvironmentVariable("DATABRICKS_TOKEN", null);
        Environment.SetEnvironmentVariable("DATABRICKS_HOST", null);
        Environment.SetEnvironmentVariable("DATABRICKS_CONFIG_PROFILE", "pat");
        Assert.Equal("PersonalAccessToken", shell.Run("Connect-DbxWorkspace").Single(SessionType).S("AuthType"));

        var missing = shell.Run("Connect-DbxWorkspace -Profile staging").FirstError();
        Assert.StartsWith("ProfileNotFound,", missing.FullyQualifiedErrorId);
        Assert.Contains("DEFAULT, prod, pat", missing.ErrorDetails.Message);
    }

    [Fact]
    public void Profile_names_complete_from_the_configuration_file()
    {
        using var environment = new EnvironmentScope();
        environment.WriteConfig("[DEFAULT]\nhost = https://a.example.com\n[prod-sp]\nhost = https://b.example.com\n[prod-pat]\nhost = https://c.example.com\n");
        using var shell = NewShell();
        shell.Set("line", "Connect-DbxWorkspace -Profile prod");
        var matches = shell.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { \"$($_.CompletionText)|$($_.ToolTip)\" }")
            .AssertNoErrors().Output.Select(o => o.ToString());
        Assert.Equal(["prod-pat|https://c.example.com", "prod-sp|https://b.example.com"], matches);
    }

    [Fact]
    public void Profile_completion_never_throws_whatever_is_typed()
    {
        using var environment = new EnvironmentScope();
        environment.WriteConfig("[DEFAULT]\nhost = https://a.example.com\n[prod[eu]]\nhost = https://b.example.com\n");
        using var shell = NewShell();
        foreach (var word in InputCheckTests.AnyWords)
        {
            shell.Set("word", word);
            shell.Set("line", $"Connect-DbxWorkspace -Profile {word}");
            var result = shell.Run("""
                @([DatabricksJobs.Completion.ProfileCompleter]::new().CompleteArgument('Connect-DbxWorkspace', 'Profile', $word, $null, @{})).Count
                (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.Count
                """);
            Assert.True(result.Terminating is null && result.Errors.Count == 0, $"Completing '{word}' threw: {result.AllText()}");
            if (word == "a[b") Assert.Equal(["0", "0"], result.Output.Select(o => o.ToString()));
            if (word == "*") Assert.Equal("2", result.Output[0].ToString());
        }
    }

    [Fact]
    public void No_credential_anywhere_says_where_it_looked()
    {
        using var environment = new EnvironmentScope(("DATABRICKS_HOST", Url), ("DATABRICKS_CLIENT_ID", AuthFixture.ClientId));
        using var shell = NewShell();
        var error = shell.Run("Connect-DbxWorkspace").FirstError();
        Assert.StartsWith("NoCredential,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("parameters; environment variables", error.ErrorDetails.Message);
        Assert.Contains("only one of the client id and the client secret", error.ErrorDetails.Message);
        Assert.Contains(environment.ConfigFile, error.ErrorDetails.Message);
    }

    [Fact]
    public void Databricks_oauth_from_parameters_and_from_the_environment()
    {
        using var environment = new EnvironmentScope();
        using var shell = NewShell();
        shell.Set("clientId", AuthFixture.ClientId);
        var session = ConnectAndRun(shell, "Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ClientId $clientId -ClientSecret $clientSecret");
        Assert.Equal("OAuthM2M", session.S("AuthType"));
        Assert.Equal("parameters", session.S("CredentialSource"));

        Environment.SetEnvironmentVariable("DATABRICKS_HOST", Url);
        Environment.SetEnvironmentVariable("DATABRICKS_CLIENT_ID", AuthFixture.ClientId);
        Environment.SetEnvironmentVariable("DATABRICKS_CLIENT_SECRET", AuthFixture.ClientSecret);
        Assert.Equal("environment variables", shell.Run("Connect-DbxWorkspace").Single(SessionType).S("CredentialSource"));
    }

    [Fact]
    public void A_wrong_oauth_secret_is_a_clear_authentication_error()
    {
        using var environment = new EnvironmentScope();
        using var shell = NewShell();
        shell.Set("clientId", AuthFixture.ClientId);
        var result = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ClientId $clientId -ClientSecret $wrongSecret -Verbose");
        var error = result.FirstError();
        Assert.Equal("invalid_client,DatabricksJobs.Commands.ConnectDbxWorkspaceCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.Contains("The workspace's OAuth endpoint refused to give a token: Client authentication failed.", error.ErrorDetails.Message);
        Assert.DoesNotContain("not-the-secret", result.AllText());
        Assert.Null(shell.Run("Get-DbxSession").Output.FirstOrDefault());
    }

    [Fact]
    public void A_managed_identity_in_azure_automation_system_or_user_assigned()
    {
        using var environment = new EnvironmentScope(IdentityEndpoint, IdentityHeader);
        using var shell = NewShell();
        var system = ConnectAndRun(shell, "Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ManagedIdentity");
        Assert.Equal("AzureManagedIdentity", system.S("AuthType"));
        Assert.Equal(AuthFixture.SystemIdentity, system.S("UserName"));

        shell.Set("identity", AuthFixture.UserIdentity);
        var user = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ManagedIdentity -ManagedIdentityClientId $identity").Single(SessionType);
        Assert.Equal(AuthFixture.UserIdentity, user.S("UserName"));

        // ARM_USE_MSI, as the Databricks tools read it.
        Environment.SetEnvironmentVariable("DATABRICKS_HOST", Url);
        Environment.SetEnvironmentVariable("ARM_USE_MSI", "true");
        var fromEnvironment = shell.Run("Connect-DbxWorkspace").Single(SessionType);
        Assert.Equal("AzureManagedIdentity", fromEnvironment.S("AuthType"));
    }

    [Fact]
    public void A_managed_identity_on_a_vm_through_the_metadata_service()
    {
        using var environment = new EnvironmentScope(MetadataService);
        using var shell = NewShell();
        var session = ConnectAndRun(shell, "Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ManagedIdentity");
        Assert.Equal(AuthFixture.SystemIdentity, session.S("UserName"));
    }

    [Fact]
    public void An_identity_that_is_not_yet_a_workspace_user_gets_in_with_the_resource_id()
    {
        using var environment = new EnvironmentScope(IdentityEndpoint, IdentityHeader);
        using var shell = NewShell();
        shell.Set("identity", AuthFixture.Newcomer);
        var refused = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ManagedIdentity -ManagedIdentityClientId $identity").FirstError();
        Assert.StartsWith("PERMISSION_DENIED,", refused.FullyQualifiedErrorId);
        Assert.Contains("not a member of this workspace", refused.ErrorDetails.Message);

        var session = ConnectAndRun(shell, "Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ManagedIdentity -ManagedIdentityClientId $identity -AzureResourceId $resourceId");
        Assert.Equal(AuthFixture.Newcomer, session.S("UserName"));
    }

    [Fact]
    public void An_azure_service_principal_with_a_secret_from_parameters_and_arm_variables()
    {
        using var environment = new EnvironmentScope(Authority);
        using var shell = NewShell();
        shell.Set("appId", AuthFixture.AppId);
        var session = ConnectAndRun(shell, "Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -TenantId $tenant -ClientId $appId -ClientSecret $appSecret -AzureResourceId $resourceId");
        Assert.Equal("AzureServicePrincipal", session.S("AuthType"));
        Assert.Equal(AuthFixture.AppId, session.S("UserName"));

        var wrong = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -TenantId $tenant -ClientId $appId -ClientSecret $wrongSecret").FirstError();
        Assert.StartsWith("invalid_client,", wrong.FullyQualifiedErrorId);
        Assert.Contains("Microsoft Entra ID refused to give a token: AADSTS7000215", wrong.ErrorDetails.Message);

        Environment.SetEnvironmentVariable("DATABRICKS_HOST", Url);
        Environment.SetEnvironmentVariable("ARM_TENANT_ID", AuthFixture.Defaults.AzureTenantId);
        Environment.SetEnvironmentVariable("ARM_CLIENT_ID", AuthFixture.AppId);
        Environment.SetEnvironmentVariable("ARM_CLIENT_SECRET", AuthFixture.AppSecret);
        Assert.Equal("AzureServicePrincipal", shell.Run("Connect-DbxWorkspace").Single(SessionType).S("AuthType"));
    }

    [Fact]
    public void A_service_principal_credential_asset_for_databricks_oauth_or_with_a_tenant_for_entra_id()
    {
        using var environment = new EnvironmentScope(Authority);
        using var shell = NewShell();
        // As Get-AutomationPSCredential gives them: the client id as the user name (spaces around it are trimmed), the secret as the password.
        shell.Set("oauthAsset", new PSCredential($" {AuthFixture.ClientId} ", ModuleFixture.SecureToken(AuthFixture.ClientSecret)));
        shell.Set("azureAsset", new PSCredential(AuthFixture.AppId, ModuleFixture.SecureToken(AuthFixture.AppSecret + "\n")));

        var oauth = ConnectAndRun(shell, "Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -Credential $oauthAsset -ServicePrincipal");
        Assert.Equal("OAuthM2M", oauth.S("AuthType"));
        Assert.Equal(AuthFixture.ClientId, oauth.S("UserName"));

        var azure = ConnectAndRun(shell, "Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -Credential $azureAsset -TenantId $tenant -AzureResourceId $resourceId");
        Assert.Equal("AzureServicePrincipal", azure.S("AuthType"));
        Assert.Equal(AuthFixture.AppId, azure.S("UserName"));
        // -ServicePrincipal may be given with -TenantId too, as Connect-AzAccount takes it.
        Assert.Equal("AzureServicePrincipal", shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -Credential $azureAsset -ServicePrincipal -TenantId $tenant").Single(SessionType).S("AuthType"));
    }

    [Fact]
    public void A_service_principal_credential_with_no_user_name_or_a_wrong_secret_is_a_clear_error_that_shows_no_secret()
    {
        using var environment = new EnvironmentScope(Authority);
        using var shell = NewShell();
        shell.Set("blank", new PSCredential(" ", ModuleFixture.SecureToken(AuthFixture.ClientSecret)));
        shell.Set("wrong", new PSCredential(AuthFixture.ClientId, ModuleFixture.SecureToken("not-the-secret-0123456789")));
        shell.Set("wrongAzure", new PSCredential(AuthFixture.AppId, ModuleFixture.SecureToken("not-the-secret-0123456789")));
        var before = module.Emulator.Tokens.Issued.Count;

        foreach (var line in new[] { "-Credential $blank -ServicePrincipal", "-Credential $blank -TenantId $tenant" })
        {
            var blank = shell.Run($"Connect-DbxWorkspace -WorkspaceUrl $dbxUrl {line}").FirstError();
            Assert.StartsWith("InvalidCredential,", blank.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, blank.CategoryInfo.Category);
            Assert.Equal("The user name of -Credential is empty: with -ServicePrincipal or -TenantId it must be the service principal's client id.", blank.ErrorDetails.Message);
        }
        Assert.Equal(before, module.Emulator.Tokens.Issued.Count);

        var result = shell.Run("""
            $VerbosePreference = 'Continue'
            Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -Credential $wrong -ServicePrincipal
            Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -Credential $wrongAzure -TenantId $tenant
            """);
        Assert.Equal(["invalid_client", "invalid_client"], result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.DoesNotContain("not-the-secret", result.AllText());
        Assert.Null(shell.Run("Get-DbxSession").Output.FirstOrDefault());
    }

    [Fact]
    public void A_token_endpoint_that_is_not_safe_to_use_is_a_clear_error()
    {
        using var environment = new EnvironmentScope(("AZURE_AUTHORITY_HOST", "http://login.example.com"));
        using var shell = NewShell();
        shell.Set("appId", AuthFixture.AppId);
        var result = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -TenantId $tenant -ClientId $appId -ClientSecret $appSecret");
        var error = result.FirstError();
        Assert.StartsWith("InvalidTokenEndpoint,", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("plain http", error.ErrorDetails.Message);
        Assert.DoesNotContain(AuthFixture.AppSecret, result.AllText());
    }

    [Fact]
    public async Task An_access_token_the_caller_already_has()
    {
        using var environment = new EnvironmentScope();
        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        using var response = await http.PostAsync("/oidc/v1/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["scope"] = "all-apis", ["client_id"] = AuthFixture.ClientId, ["client_secret"] = AuthFixture.ClientSecret,
        }));
        var token = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
        using var shell = NewShell();
        shell.Set("accessToken", ModuleFixture.SecureToken(token));
        var session = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -AccessToken $accessToken").Single(SessionType);
        Assert.Equal("AccessToken", session.S("AuthType"));
        Assert.Equal(AuthFixture.ClientId, session.S("UserName"));
    }

    [Fact]
    public void A_wait_longer_than_a_token_lives_refreshes_the_token_and_does_not_fail()
    {
        using var environment = new EnvironmentScope(IdentityEndpoint, IdentityHeader);
        using var shell = NewShell();
        shell.Set("clientId", AuthFixture.ClientId);
        shell.Set("name", $"long-{Guid.NewGuid():N}");
        var before = module.Emulator.Tokens.Issued.Count;
        var result = shell.Run("""
            Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ClientId $clientId -ClientSecret $clientSecret | Out-Null
            New-DbxJob -Name $name -Task @{ task_key = 'slow'; notebook_task = @{ notebook_path = '/s'; base_parameters = @{ sleep_seconds = '8' } } } |
              Invoke-DbxJobRun -Wait -Verbose
            """).AssertNoErrors();

        Assert.Equal("SUCCESS", result.Single("DatabricksJobs.Models.Run").S("ResultState"));
        // Tokens of three seconds, refreshed halfway: a wait of eight seconds needs several.
        Assert.True(module.Emulator.Tokens.Issued.Count - before >= 4, $"{module.Emulator.Tokens.Issued.Count - before} tokens were issued.");
        Assert.Contains(result.Verbose, v => v.StartsWith("Got an access token valid until"));
        Assert.DoesNotContain(result.Verbose, v => v.Contains("refused the access token"));
    }

    [Fact]
    public void A_token_the_workspace_refuses_is_replaced_once()
    {
        using var environment = new EnvironmentScope();
        using var shell = NewShell();
        shell.Set("clientId", AuthFixture.ClientId);
        shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ClientId $clientId -ClientSecret $clientSecret | Out-Null").AssertNoErrors();
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/list","status":401,"count":1}""");
        var result = shell.Run("Get-DbxJob -Verbose").AssertNoErrors();
        Assert.Contains(result.Verbose, v => v.Contains("refused the access token") && v.Contains("getting a new one"));

        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/list","status":401,"count":2}""");
        Assert.StartsWith("UNAUTHENTICATED,", shell.Run("Get-DbxJob").FirstError().FullyQualifiedErrorId);
    }

    [Fact]
    public void No_secret_or_issued_token_appears_in_any_stream()
    {
        using var environment = new EnvironmentScope(IdentityEndpoint, IdentityHeader, Authority);
        using var shell = NewShell();
        shell.Set("clientId", AuthFixture.ClientId);
        shell.Set("appId", AuthFixture.AppId);
        var result = shell.Run("""
            $VerbosePreference = 'Continue'; $DebugPreference = 'Continue'
            foreach ($session in @(
                (Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ClientId $clientId -ClientSecret $clientSecret),
                (Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ManagedIdentity -AzureResourceId $resourceId),
                (Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -TenantId $tenant -ClientId $appId -ClientSecret $appSecret -AzureResourceId $resourceId))) {
                "$session"; $session.psobject.Properties | ForEach-Object { "$($_.Name)=$($_.Value)" }
                Get-DbxJob -Session $session | Out-Null
            }
            Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -ClientId $clientId -ClientSecret $wrongSecret
            Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -TenantId $tenant -ClientId $appId -ClientSecret $wrongSecret
            """);
        Assert.Equal(2, result.Errors.Count + (result.Terminating is null ? 0 : 1));
        var text = result.AllText();
        Assert.Contains("AzureServicePrincipal", text);
        foreach (var secret in new[] { AuthFixture.ClientSecret, AuthFixture.AppSecret, AuthFixture.IdentityHeader, "not-the-secret" }.Concat(module.Emulator.Tokens.Issued))
            Assert.DoesNotContain(secret, text);
    }
}
