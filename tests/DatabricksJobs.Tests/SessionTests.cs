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
            new[] { "Add-DbxJobPermission", "Compare-DbxJob", "Connect-DbxWorkspace", "Deploy-DbxJob", "Disconnect-DbxWorkspace", "Export-DbxJob", "Export-DbxRun", "Get-DbxJob",
                "Get-DbxJobCompliance", "Get-DbxJobPermission", "Get-DbxJobPermissionLevel", "Get-DbxRun", "Get-DbxRunOutput", "Get-DbxSession",
                "Invoke-DbxJobRun", "New-DbxJob", "Remove-DbxJob", "Remove-DbxRun", "Repair-DbxJobCompliance", "Repair-DbxRun", "Set-DbxJob", "Set-DbxJobPermission", "Stop-DbxRun",
                "Submit-DbxRun", "Update-DbxJob", "Use-DbxSession", "Wait-DbxRun" },
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

    private static string Host(ModuleFixture module) => new Uri(module.Emulator.BaseUrl).Authority;

    private static List<string> Lines(ShellResult result) => result.AssertNoErrors().Output.Select(o => o.ToString()!).ToList();

    [Fact]
    public void Every_session_parameter_takes_a_name_and_completes_names()
    {
        using var shell = module.NewShell(connect: false);
        var missing = shell.Run("""
            foreach ($command in Get-Command -Module DatabricksJobs) {
                $p = $command.Parameters['Session']
                if (-not $p) { continue }
                $types = $p.Attributes | ForEach-Object { $_.GetType().Name }
                if ('SessionTransformationAttribute' -notin $types -or 'ArgumentCompleterAttribute' -notin $types) { $command.Name }
            }
            """).AssertNoErrors().Output;
        Assert.Empty(missing);
    }

    [Fact]
    public void Sessions_are_named_after_their_host_unless_named_and_listed_with_the_default_marked()
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        var lines = Lines(shell.Run("""
            $first = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken
            $second = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken
            $prod = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name prod
            $first.Name; $second.Name; $prod.Name
            Get-DbxSession -All | ForEach-Object { "$($_.Name) $($_.IsDefault)" }
            (Get-DbxSession).Name
            (Get-DbxSession -Name PROD).Name
            (Get-DbxSession -Name '*-2', 'pr?d').Name
            """));
        var host = Host(module);
        Assert.Equal([host, $"{host}-2", "prod", $"{host} False", $"{host}-2 False", "prod True", "prod", "prod", $"{host}-2", "prod"], lines);
    }

    [Fact]
    public void Session_takes_a_name_and_an_unknown_name_is_a_clear_error()
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        shell.Set("name", $"named-{Guid.NewGuid():N}");
        var lines = Lines(shell.Run("""
            Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name other | Out-Null
            $job = New-DbxJob -Name $name -Session other -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            (Get-DbxJob -Name $name -Session OTHER).JobId -eq $job.JobId
            """));
        Assert.Equal(["True"], lines);

        var unknown = shell.Run("Get-DbxJob -Session nope");
        var error = unknown.FirstError();
        Assert.StartsWith("ParameterArgumentTransformationError,", error.FullyQualifiedErrorId);
        Assert.Contains("There is no session named 'nope' (this runspace has other). Get-DbxSession -All lists them.", error.Exception.Message);

        using var empty = module.NewShell(connect: false);
        Assert.Contains("this runspace has no session. Connect-DbxWorkspace -Name 'prod' makes one.", empty.Run("Get-DbxJob -Session prod").FirstError().Exception.Message);
    }

    [Fact]
    public void Get_session_by_a_name_no_session_has_or_a_bad_pattern_is_an_error_and_a_pattern_that_matches_nothing_is_not()
    {
        using var shell = module.NewShell();
        var missing = shell.Run("Get-DbxSession -Name nope");
        Assert.StartsWith("SessionNotFound,", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.Errors[0].CategoryInfo.Category);
        Assert.StartsWith("InvalidWildcardPattern,", Assert.Single(shell.Run("Get-DbxSession -Name 'a[b'").Errors).FullyQualifiedErrorId);
        Assert.Empty(shell.Run("Get-DbxSession -Name 'nope*'").AssertNoErrors().Output);
    }

    [Fact]
    public void Connecting_again_under_a_taken_name_disconnects_and_replaces_the_session_that_had_it()
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        var result = shell.Run("""
            $old = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name prod
            $new = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name prod -Verbose
            $old.IsConnected; $new.IsConnected
            @(Get-DbxSession -All).Count
            [object]::ReferenceEquals((Get-DbxSession -Name prod), $new)
            """);
        Assert.Equal(["False", "True", "1", "True"], Lines(result));
        Assert.Contains(result.Verbose, v => v.StartsWith("Disconnected the earlier session named 'prod' ("));
        Assert.Contains(result.Verbose, v => v.EndsWith("as session 'prod'."));

        Assert.StartsWith("InvalidSessionName,", shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name ' '").FirstError().FullyQualifiedErrorId);
        Assert.True((bool)shell.Run("$new.IsConnected").Output[0].BaseObject);
    }

    [Fact]
    public void Use_session_makes_a_session_the_default_by_name_or_from_the_pipeline()
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        var lines = Lines(shell.Run("""
            $dev = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name dev
            $prod = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name prod
            Use-DbxSession dev
            (Get-DbxSession).Name; $dev.IsDefault; $prod.IsDefault
            (Get-DbxSession -Name prod | Use-DbxSession -PassThru).Name
            (Get-DbxSession).Name; $dev.IsDefault
            """));
        Assert.Equal(["dev", "True", "False", "prod", "prod", "False"], lines);
    }

    [Fact]
    public void Use_session_refuses_a_disconnected_session_and_one_of_another_runspace()
    {
        using var shell = module.NewShell();
        shell.Run("$s = Get-DbxSession; Disconnect-DbxWorkspace").AssertNoErrors();
        var disconnected = shell.Run("Use-DbxSession $s");
        Assert.StartsWith("SessionDisconnected,", Assert.Single(disconnected.Errors).FullyQualifiedErrorId);
        Assert.Empty(shell.Run("Get-DbxSession").Output);

        using var other = module.NewShell();
        shell.Set("elsewhere", other.Run("Get-DbxSession").Single(SessionType));
        var foreign = shell.Run("Use-DbxSession $elsewhere");
        var error = Assert.Single(foreign.Errors);
        Assert.StartsWith("SessionOfAnotherRunspace,", error.FullyQualifiedErrorId);
        Assert.Contains("was made in another runspace", error.ErrorDetails.Message);
        // It still works where it is given: -Session takes a session of any runspace.
        Assert.Empty(shell.Run("Get-DbxJob -Session $elsewhere | Out-Null").AssertNoErrors().Output);
    }

    [Fact]
    public void Disconnect_ends_a_session_by_name_or_all_of_them_and_frees_the_name()
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        var lines = Lines(shell.Run("""
            $a = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name a
            $b = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name b
            $c = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken
            Disconnect-DbxWorkspace -Session a
            $a.IsConnected; (Get-DbxSession -All).Name -join ','; (Get-DbxSession).Name -eq $c.Name
            'b' | Disconnect-DbxWorkspace
            $b.IsConnected; (Get-DbxSession -All).Name -join ','
            (Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name a).Name
            Disconnect-DbxWorkspace -Session a
            $null -eq (Get-DbxSession); (Get-DbxSession -All).Name -join ','
            Disconnect-DbxWorkspace -All
            $c.IsConnected; @(Get-DbxSession -All).Count
            (Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken).Name
            """));
        var host = Host(module);
        // Disconnecting the default leaves no default rather than another workspace picked.
        Assert.Equal(["False", $"b,{host}", "True", "False", host, "a", "True", host, "False", "0", host], lines);
    }

    [Fact]
    public void Session_names_complete_for_session_and_name_and_name_the_session_completers_ask()
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        var prefix = $"snc{Guid.NewGuid():N}"[..12];
        shell.Set("prefix", prefix);
        shell.Run("""
            Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name 'prod eu' | Out-Null
            Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name prod-us | Out-Null
            Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name dev | Out-Null
            New-DbxJob -Name "$prefix-job" | Out-Null
            """).AssertNoErrors();

        List<string> Complete(string line)
        {
            shell.Set("line", line);
            return Lines(shell.Run("(TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches | ForEach-Object { \"$($_.CompletionText)|$($_.ToolTip)\" }"));
        }
        var user = $"{ModuleFixture.UserName} @ {module.Emulator.BaseUrl}/";
        foreach (var command in new[] { "Get-DbxJob -Session pr", "Disconnect-DbxWorkspace pr", "Use-DbxSession pr", "Get-DbxSession -Name pr" })
            Assert.Equal([$"'prod eu'|{user}", $"prod-us|{user}"], Complete(command));
        Assert.Equal([$"dev|{user} (default)"], Complete("Wait-DbxRun -Session d"));
        Assert.Empty(Complete("Get-DbxJob -Session 'a[b"));

        // The job completers ask the workspace of the session named, and nothing for a name no session has.
        Assert.Single(Complete($"Get-DbxJob -Session prod-us -Name {prefix}"));
        Assert.Empty(Complete($"Get-DbxJob -Session nope -Name {prefix}"));
    }

    [Fact]
    public void The_session_table_shows_the_name_and_which_is_the_default()
    {
        using var shell = module.NewShell();
        shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name prod | Out-Null").AssertNoErrors();
        var text = Shell.Ansi().Replace(shell.Run("Get-DbxSession -All | Out-Default").AssertNoErrors().HostText, "");
        var lines = text.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^Name +IsDefault +UserName +Host$"));
        // The host is shown as host:port, without the scheme, so that it fits beside the name at 80 characters.
        var authority = System.Text.RegularExpressions.Regex.Escape(new Uri(module.Emulator.BaseUrl).Authority);
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^{System.Text.RegularExpressions.Regex.Escape(Host(module))} +False +\S+ +{authority}$"));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^prod +True +\S+ +{authority}$"));
    }

    [Theory]
    [InlineData("token")]
    [InlineData("anything at all")]
    public void A_credential_alone_is_a_personal_access_token_whose_user_name_is_ignored(string userName)
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("credential", new PSCredential(userName, ModuleFixture.SecureToken(ModuleFixture.Token + "\n")));
        var result = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -Credential $credential -Verbose");
        var session = result.Single(SessionType);
        Assert.Equal("PersonalAccessToken", session.S("AuthType"));
        Assert.Equal("parameters", session.S("CredentialSource"));
        Assert.Equal(ModuleFixture.UserName, session.S("UserName"));
        Assert.DoesNotContain(ModuleFixture.Token, result.AllText());
    }

    [Fact]
    public void A_credential_with_an_empty_password_or_a_line_break_in_it_is_refused_before_anything_is_sent()
    {
        using var server = new RecordingServer(_ => RecordingServer.Json(200, "{}"));
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", server.Url);
        shell.Set("empty", new PSCredential("token", new System.Security.SecureString()));
        shell.Set("broken", new PSCredential("token", ModuleFixture.SecureToken(ModuleFixture.Token + "\r\nX-Injected: yes")));

        var empty = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -Credential $empty").FirstError();
        Assert.StartsWith("InvalidCredential,", empty.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, empty.CategoryInfo.Category);
        Assert.Equal("The password of -Credential is empty: it must hold the token, or the service principal's secret.", empty.ErrorDetails.Message);

        var result = shell.Run("Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -Credential $broken");
        var broken = result.FirstError();
        Assert.StartsWith("InvalidCredential,", broken.FullyQualifiedErrorId);
        Assert.Contains("The token from parameters holds a line break", broken.ErrorDetails.Message);
        Assert.DoesNotContain(ModuleFixture.Token, result.AllText() + broken.Exception + broken.TargetObject);
        Assert.Empty(server.Requests);
    }
}
