namespace DatabricksJobs.Tests;

/// <summary>
/// The quickstart as the README runs it on a machine with only the .NET SDK (dotnet pwsh, the PowerShell the repository
/// pins, with an emulator of its own), and against an emulator the test reads, to see that it leaves no job behind, even
/// when a step fails.
/// </summary>
public class QuickstartTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string EmulatorOnly = "This quickstart runs against the Jobs API emulator only: its notebooks exist only there, where the emulator plays them.";
    private static readonly string Script = Path.Combine(ModuleLayout.RepositoryRoot(), "examples", "quickstart.ps1");

    [Fact]
    public async Task The_quickstart_starts_an_emulator_runs_a_job_repairs_a_failed_run_exports_it_and_deletes_the_job()
    {
        var result = (await ChildProcess.RunScriptAsync(Path.Combine("examples", "quickstart.ps1"), [])).AssertSucceeded("The quickstart");
        var text = result.Output;

        // Its output as pwsh writes it when redirected: tables 80 columns wide.
        Assert.True(result.Error.Length == 0, $"The quickstart wrote errors:\n{result.Error}");
        Assert.StartsWith(EmulatorOnly, text);
        Assert.Contains("Starting the local Jobs API emulator", text);
        Assert.Matches(@"(?m)^quickstart +True +emulator-user@example\.com +127\.0\.0\.1:\d+$", text);
        Assert.Matches(@"Run \d+ ended SUCCESS in \d+:\d\d:\d\d\.", text);
        Assert.Matches(@"(?m)^ *\d+ +3 +quickstart", text);
        Assert.Matches(@"\d+ TERMINATED +SUCCESS +\d+:\d\d:\d\d load", text);
        Assert.Matches(@"Run \d+ ended FAILED\. What its tasks said:", text);
        Assert.Matches(@"\bextract +FAILED\b", text);
        Assert.Matches(@"\btransform +UPSTREAM_FAILED\b", text);
        Assert.Matches(@"Run \d+ ended SUCCESS after 1 repair:", text);
        Assert.Matches(@"\d+ ORIGINAL +TERMINATED +FAILED\b", text);
        Assert.Matches(@"\d+ REPAIR +TERMINATED +SUCCESS\b", text);
        Assert.Matches(@"Exported 3 HTML pages of the run to ", text);
        Assert.Matches(@"run-\d+-transform-.+\.html", text);
        Assert.Matches(@"Deleted job \d+, which the quickstart made\.\s*$", text);
    }

    /// <summary>Runs the quickstart in a runspace that has a session of its own, against the fixture's emulator.</summary>
    private (ShellResult Result, Shell Shell) RunAgainstTheFixture()
    {
        var shell = module.NewShell();
        shell.Set("script", Script);
        shell.Set("manifest", module.ManifestPath);
        shell.Set("url", module.Emulator.BaseUrl);
        shell.Set("token", ModuleFixture.Token);
        shell.Run("$mine = Get-DbxSession").AssertNoErrors();
        return (shell.Run("& $script -ModulePath $manifest -EmulatorUrl $url -EmulatorToken $token"), shell);
    }

    /// <summary>The jobs named quickstart in the emulator, its session closed, and the caller's default given back.</summary>
    private static void AssertCleanedUp(Shell shell)
    {
        Assert.Equal(["0", "True", "0"], shell.Run("""
            @(Get-DbxJob -Name quickstart -ErrorAction SilentlyContinue).Count
            [object]::ReferenceEquals((Get-DbxSession), $mine)
            @(Get-DbxSession -All | Where-Object Name -eq quickstart).Count
            """).AssertNoErrors().Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Against_a_running_emulator_it_leaves_no_job_and_gives_the_callers_session_back()
    {
        var (result, shell) = RunAgainstTheFixture();
        using (shell)
        {
            result.AssertNoErrors();
            Assert.StartsWith(EmulatorOnly, result.HostText);
            Assert.DoesNotContain("Starting the local Jobs API emulator", result.HostText);
            Assert.Matches(@"Deleted job \d+, which the quickstart made\.", result.HostText);
            AssertCleanedUp(shell);
        }
    }

    [Fact]
    public void A_step_that_fails_still_deletes_the_job_and_the_error_is_the_steps()
    {
        module.ArmFault("""{"method":"POST","path":"/jobs/runs/repair","status":400,"count":1}""");
        var (result, shell) = RunAgainstTheFixture();
        using (shell)
        {
            var error = result.FirstError();
            Assert.Contains("jobs/runs/repair", error.ErrorDetails?.Message ?? error.Exception.Message);
            Assert.Matches(@"Deleted job \d+, which the quickstart made\.", result.HostText);
            AssertCleanedUp(shell);
        }
    }

    [Fact]
    public void A_url_that_is_not_the_emulator_is_refused_before_anything_is_made()
    {
        using var server = new RecordingServer(_ => RecordingServer.Json(404, """{"error_code":"ENDPOINT_NOT_FOUND"}"""));
        using var shell = module.NewShell(connect: false);
        shell.Set("script", Script);
        shell.Set("url", server.Url);
        var error = shell.Run("& $script -EmulatorUrl $url").FirstError();
        Assert.Contains("is not the Jobs API emulator", error.Exception.Message);
        Assert.Single(server.Requests, r => r.StartsWith("GET /emulator/faults "));
    }
}
