using System.Collections;
using System.Text.RegularExpressions;

namespace DatabricksJobs.Tests;

/// <summary>
/// The README's Azure Automation runbook, run as written against the emulator's managed identity: only the workspace
/// URL and resource id are put in, and Get-Date (a Utility cmdlet this host lacks) stands in as a function.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public class ReadmeRunbookTests(AuthFixture module) : IClassFixture<AuthFixture>
{
    private static string Runbook()
    {
        var readme = File.ReadAllText(Path.Combine(ModuleLayout.RepositoryRoot(), "README.md"));
        return Regex.Match(readme, @"```powershell\n(# Runbook: .*?)```", RegexOptions.Singleline).Groups[1].Value;
    }

    private ShellResult RunRunbook(string jobName, Guid? automationJobId = null)
    {
        var script = Runbook()
            .Replace("https://adb-1234567890123456.7.azuredatabricks.net", module.Emulator.BaseUrl)
            .Replace("/subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Databricks/workspaces/<name>", AuthFixture.Defaults.AzureWorkspaceResourceId)
            .Replace("'nightly load'", $"'{jobName}'");
        using var environment = new EnvironmentScope(("IDENTITY_ENDPOINT", module.Emulator.BaseUrl + "/emulator/azure/msi/token"),
            ("IDENTITY_HEADER", AuthFixture.IdentityHeader));
        using var shell = module.NewShell(connect: false);
        shell.Set("moduleRoot", Path.GetDirectoryName(ModuleLayout.ModuleFolder()));
        // What Azure Automation gives a runbook: the job's id, the same when it restarts the runbook.
        if (automationJobId is Guid id) shell.Set("PSPrivateMetadata", new Hashtable { ["JobId"] = new Hashtable { ["Guid"] = id.ToString() } });
        return shell.Run("""
            $env:PSModulePath = $moduleRoot + [IO.Path]::PathSeparator + $env:PSModulePath
            function Get-Date([string] $Format) { [DateTime]::Now.ToString($Format) }
            """ + "\n" + script);
    }

    [Fact]
    public void The_runbook_runs_the_job_and_says_how_it_ended()
    {
        var name = $"nightly load {Guid.NewGuid():N}";
        using (var shell = module.NewShell())
        {
            shell.Set("name", name);
            shell.Run("New-DbxJob -Name $name -Task @{ task_key = 'load'; notebook_task = @{ notebook_path = '/load' } } | Out-Null").AssertNoErrors();
        }
        var result = RunRunbook(name).AssertNoErrors();
        Assert.Matches(@"^Run \d+ ended SUCCESS after \d\d:\d\d:\d\d", Assert.Single(result.Output).ToString());
    }

    [Fact]
    public void The_runbook_restarted_by_azure_automation_waits_for_the_run_it_started_and_starts_no_second()
    {
        var name = $"nightly load {Guid.NewGuid():N}";
        using var shell = module.NewShell();
        shell.Set("name", name);
        shell.Run("$job = New-DbxJob -Name $name -Task @{ task_key = 'load'; notebook_task = @{ notebook_path = '/load' } }").AssertNoErrors();
        var automationJob = Guid.NewGuid();
        var first = Assert.Single(RunRunbook(name, automationJob).AssertNoErrors().Output).ToString();
        var restarted = Assert.Single(RunRunbook(name, automationJob).AssertNoErrors().Output).ToString();
        Assert.Equal(first, restarted);
        Assert.Equal("1", shell.Run("@(Get-DbxRun -JobId $job.JobId).Count").Output[0].ToString());
        RunRunbook(name, Guid.NewGuid()).AssertNoErrors();
        Assert.Equal("2", shell.Run("@(Get-DbxRun -JobId $job.JobId).Count").Output[0].ToString());
    }

    [Fact]
    public void The_runbook_with_a_mistyped_job_name_fails_with_the_reason_and_starts_nothing()
    {
        var result = RunRunbook("nightly laod");
        Assert.Empty(result.Output);
        Assert.NotNull(result.Terminating);
        Assert.Contains("There is no job named 'nightly laod'.", result.Terminating!.Message);
    }
}
