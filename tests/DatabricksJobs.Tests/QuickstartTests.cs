namespace DatabricksJobs.Tests;

/// <summary>The quickstart as the README runs it on a machine with only the .NET SDK: the script host, no workspace.</summary>
public class QuickstartTests
{
    [Fact]
    public async Task The_quickstart_starts_an_emulator_runs_a_job_repairs_a_failed_run_and_exports_it()
    {
        var text = (await ChildProcess.RunScriptAsync(Path.Combine("examples", "quickstart.ps1"), [])).AssertSucceeded("The quickstart").Output;

        Assert.Contains("Starting the local Jobs API emulator", text);
        Assert.Contains("tasks 2/3 done", text);
        Assert.Matches(@"Run \d+ ended SUCCESS", text);
        Assert.Matches(@"\d+ quickstart +3 +emulator-user@example.com", text);
        Assert.Matches(@"load +\d+ +0 TERMINATED +SUCCESS", text);
        Assert.Matches(@"Run \d+ ended FAILED\. What its tasks said:", text);
        Assert.Matches(@"extract +FAILED +.*fail", text);
        Assert.Matches(@"Run \d+ ended SUCCESS after 1 repair:", text);
        Assert.Matches(@"\d+ REPAIR +TERMINATED +SUCCESS", text);
        Assert.Matches(@"Exported 3 HTML pages of the run to ", text);
        Assert.Matches(@"run-\d+-transform-.+\.html", text);
        Assert.DoesNotContain("\u001b[", text);
    }
}
