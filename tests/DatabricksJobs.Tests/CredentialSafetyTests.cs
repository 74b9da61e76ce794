namespace DatabricksJobs.Tests;

/// <summary>
/// Credentials go only where they were sent, and only as they were meant: no line break into a request's head, no
/// redirect followed, no user:password shown back. Some tests set environment variables, so the class runs alone.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public class CredentialSafetyTests(AuthFixture module) : IClassFixture<AuthFixture>
{
    private const string SessionType = "DatabricksJobs.Client.DatabricksSession";

    private Shell NewShell(string url, string token)
    {
        var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", url);
        shell.Set("dbxToken", ModuleFixture.SecureToken(token));
        return shell;
    }

    [Theory]
    [InlineData("\r\nX-Injected: yes", "a line break (at position 28)")]
    [InlineData("\nX-Injected: yes", "a line break (at position 28)")]
    [InlineData("\u0000", "a control character (at position 28)")]
    [InlineData("\u00e9", "a character that is not ASCII (at position 28)")]
    public void A_token_with_a_line_break_or_a_character_a_header_cannot_carry_is_refused_before_anything_is_sent(string tail, string problem)
    {
        using var server = new RecordingServer(_ => RecordingServer.Json(200, "{}"));
        using var shell = NewShell(server.Url, ModuleFixture.Token + tail + "abc");
        var result = shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken");
        var error = result.FirstError();
        Assert.StartsWith("InvalidCredential,", error.FullyQualifiedErrorId);
        Assert.Equal($"The token from parameters holds {problem}: check where it comes from.", error.ErrorDetails.Message);
        Assert.Empty(server.Requests);
        Assert.DoesNotContain(ModuleFixture.Token, result.AllText() + error.Exception);
    }

    [Fact]
    public void A_token_from_the_environment_with_a_line_break_inside_is_refused_and_one_with_a_trailing_newline_is_trimmed()
    {
        using var server = new RecordingServer(_ => RecordingServer.Json(200, "{}"));
        using (new EnvironmentScope(("DATABRICKS_HOST", server.Url), ("DATABRICKS_TOKEN", "dapi-a\r\nX-Injected: yes")))
        {
            using var shell = module.NewShell(connect: false);
            var error = shell.Run("Connect-DbxWorkspace").FirstError();
            Assert.StartsWith("InvalidCredential,", error.FullyQualifiedErrorId);
            Assert.Contains("The token from environment variables holds a line break", error.ErrorDetails.Message);
            Assert.Empty(server.Requests);
        }
        using (new EnvironmentScope(("DATABRICKS_HOST", module.Emulator.BaseUrl), ("DATABRICKS_TOKEN", ModuleFixture.Token + "\r\n")))
        {
            using var shell = module.NewShell(connect: false);
            shell.Run("Connect-DbxWorkspace").AssertNoErrors().Single(SessionType);
        }
        using var fromFile = NewShell(module.Emulator.BaseUrl, ModuleFixture.Token + "\n");
        fromFile.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken").AssertNoErrors().Single(SessionType);
    }

    [Fact]
    public void A_user_and_password_in_the_workspace_url_are_refused_and_never_shown()
    {
        using var shell = NewShell("https://someone:hunter2-pw@adb-1234.5.azuredatabricks.net/", ModuleFixture.Token);
        var result = shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken");
        var error = result.FirstError();
        Assert.StartsWith("InvalidHost,", error.FullyQualifiedErrorId);
        Assert.Contains("holds a user name or password", error.ErrorDetails.Message);
        Assert.Contains("https://***@adb-1234.5.azuredatabricks.net/", error.ErrorDetails.Message);
        Assert.DoesNotContain("hunter2", result.AllText() + error.Exception + error.TargetObject + error.ErrorDetails.Message);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public void A_redirect_from_the_workspace_is_not_followed_so_the_token_stays_where_it_was_sent(int status)
    {
        using var elsewhere = new RecordingServer(_ => RecordingServer.Json(200, """{"userName":"x"}"""));
        using var redirector = new RecordingServer(_ => RecordingServer.Redirect(status, elsewhere.Url + "/api/2.0/preview/scim/v2/Me?secret=1"));
        using var shell = NewShell(redirector.Url, ModuleFixture.Token);
        var result = shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken");
        var error = result.FirstError();
        Assert.StartsWith("REDIRECT_NOT_FOLLOWED,", error.FullyQualifiedErrorId);
        Assert.Contains($"was answered with a redirect ({status}) to {elsewhere.Url}/api/2.0/preview/scim/v2/Me, which is not followed", error.ErrorDetails.Message);
        Assert.DoesNotContain("secret=1", error.ErrorDetails.Message);
        Assert.Single(redirector.Requests);
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public void A_redirect_from_an_identity_endpoint_is_not_followed_so_its_secret_header_stays_there()
    {
        using var elsewhere = new RecordingServer(_ => RecordingServer.Json(200, """{"access_token":"x","expires_in":3600}"""));
        using var redirector = new RecordingServer(_ => RecordingServer.Redirect(307, elsewhere.Url + "/token"));
        using var environment = new EnvironmentScope(("DATABRICKS_HOST", module.Emulator.BaseUrl), ("ARM_USE_MSI", "true"),
            ("IDENTITY_ENDPOINT", redirector.Url + "/msi/token"), ("IDENTITY_HEADER", AuthFixture.IdentityHeader));
        using var shell = module.NewShell(connect: false);
        var error = shell.Run("Connect-DbxWorkspace").FirstError();
        Assert.Contains("redirect (307)", error.ErrorDetails.Message);
        Assert.Contains(AuthFixture.IdentityHeader, Assert.Single(redirector.Requests));
        Assert.Empty(elsewhere.Requests);
    }

    [Fact]
    public void A_service_principal_secret_is_not_sent_on_through_a_redirect()
    {
        using var elsewhere = new RecordingServer(_ => RecordingServer.Json(200, """{"access_token":"x","expires_in":3600}"""));
        using var redirector = new RecordingServer(_ => RecordingServer.Redirect(308, elsewhere.Url + "/token"));
        using var environment = new EnvironmentScope(("AZURE_AUTHORITY_HOST", redirector.Url));
        using var shell = NewShell(module.Emulator.BaseUrl, ModuleFixture.Token);
        shell.Set("appSecret", ModuleFixture.SecureToken(AuthFixture.AppSecret));
        var error = shell.Run($"Connect-DbxWorkspace -Host $dbxUrl -TenantId t -ClientId {AuthFixture.AppId} -ClientSecret $appSecret").FirstError();
        Assert.Contains("redirect (308)", error.ErrorDetails.Message);
        Assert.Single(redirector.Requests);
        Assert.Empty(elsewhere.Requests);
    }
}
