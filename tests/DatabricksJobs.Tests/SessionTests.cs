using System.Management.Automation;

namespace DatabricksJobs.Tests;

public class SessionTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string SessionType = "DatabricksJobs.Client.DatabricksSession";

    [Fact]
    public void The_manifest_exports_the_cmdlets()
    {
        using var shell = module.NewShell(connect: false);
        var names = shell.Run("(Get-Command -Module DatabricksJobs).Name").AssertNoErrors().Output.Select(o => o.ToString()).ToList();
        Assert.Equal(
            new[] { "Add-DbxJobPermission", "Connect-DbxWorkspace", "Disconnect-DbxWorkspace", "Export-DbxJob", "Export-DbxRun", "Get-DbxJob",
                "Get-DbxJobPermission", "Get-DbxJobPermissionLevel", "Get-DbxRun", "Get-DbxRunOutput", "Get-DbxSession", "Invoke-DbxJobRun",
                "New-DbxJob", "Remove-DbxJob", "Remove-DbxRun", "Repair-DbxRun", "Set-DbxJob", "Set-DbxJobPermission", "Stop-DbxRun",
                "Submit-DbxRun", "Update-DbxJob", "Wait-DbxRun" },
            names.Order());
    }

    [Fact]
    public void Connect_checks_the_credential_returns_the_session_and_makes_it_the_default()
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        var session = shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken").Single(SessionType);

        Assert.Equal(ModuleFixture.UserName, session.S("UserName"));
        Assert.Equal(new Uri(module.Emulator.BaseUrl + "/"), session.P("Host"));
        Assert.Equal("PersonalAccessToken", session.S("AuthType"));
        Assert.Same(session.BaseObject, shell.Run("Get-DbxSession").Single(SessionType).BaseObject);
        Assert.DoesNotContain(ModuleFixture.Token, session.ToString());
    }

    [Fact]
    public void A_wrong_token_is_an_authentication_error_that_does_not_show_the_token()
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken("dapi-wrong-secret-value"));
        var result = shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Verbose");

        var error = result.FirstError();
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.StartsWith("UNAUTHENTICATED,", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("dapi-wrong-secret-value", result.AllText());
        Assert.Null(shell.Run("Get-DbxSession").Output.FirstOrDefault());
    }

    [Theory]
    [InlineData("http://example.com", "plain http")]
    [InlineData("ftp://example.com", "not a workspace URL")]
    [InlineData("http://127.0.0.1:1", "Could not reach")]
    public void A_bad_host_is_a_clear_error(string url, string message)
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", url);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        var result = shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -RetryTimeout 1");
        var error = result.FirstError();
        Assert.Contains(message, error.ErrorDetails?.Message ?? error.Exception.Message);
        Assert.DoesNotContain(ModuleFixture.Token, result.AllText());
    }

    [Fact]
    public void Without_a_session_a_cmdlet_says_to_connect_first()
    {
        using var shell = module.NewShell(connect: false);
        var result = shell.Run("Get-DbxJob");
        var error = result.FirstError();
        Assert.StartsWith("NotConnected,", error.FullyQualifiedErrorId);
        Assert.Contains("Connect-DbxWorkspace", error.ErrorDetails.Message);
    }

    [Fact]
    public void Disconnect_forgets_the_default_session_and_a_kept_session_object_stops_working()
    {
        using var shell = module.NewShell();
        var result = shell.Run("$s = Get-DbxSession; Disconnect-DbxWorkspace; Get-DbxSession; Get-DbxJob -Session $s");
        Assert.Empty(result.Objects(SessionType));
        var error = result.FirstError();
        Assert.StartsWith("SessionDisconnected,", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Several_sessions_work_side_by_side_and_the_newest_is_the_default()
    {
        using var shell = module.NewShell();
        var result = shell.Run("""
            $first = Get-DbxSession
            $second = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken
            [object]::ReferenceEquals((Get-DbxSession), $second)
            $first.IsConnected
            @(Get-DbxJob -Session $first).Count -ge 0
            """).AssertNoErrors();
        Assert.Equal(["True", "True", "True"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Every_cmdlet_takes_a_session()
    {
        using var shell = module.NewShell(connect: false);
        var missing = shell.Run("""
            Get-Command -Module DatabricksJobs | Where-Object { $_.Name -notin 'Connect-DbxWorkspace', 'Get-DbxSession' -and -not $_.Parameters.ContainsKey('Session') } | ForEach-Object Name
            """).AssertNoErrors().Output;
        Assert.Empty(missing);
    }
}
