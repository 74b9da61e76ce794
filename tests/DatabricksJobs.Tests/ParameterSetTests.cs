using System.Management.Automation;

namespace DatabricksJobs.Tests;

/// <summary>The parameter sets and switches the scenario tests do not reach.</summary>
public class ParameterSetTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string RunType = "DatabricksJobs.Models.Run";

    [Fact]
    public void Set_job_from_a_file_replaces_the_settings()
    {
        using var shell = module.NewShell();
        var file = Path.Combine(Directory.CreateTempSubdirectory("dbx-set-").FullName, "settings.json");
        File.WriteAllText(file, """{"name": "from-file", "tasks": [{"task_key": "f", "notebook_task": {"notebook_path": "/f"}}]}""");
        shell.Set("file", file);
        shell.Set("name", $"set-{Guid.NewGuid():N}");
        var job = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $job | Set-DbxJob -Path $file -PassThru -Confirm:$false
            """).Single("DatabricksJobs.Models.Job");
        Assert.Equal("from-file", job.S("Name"));
        Assert.Equal(1, job.P("TaskCount"));
    }

    [Fact]
    public void Invoke_wait_honours_its_timeout()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"slow-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ sleep_seconds = 30 } } }
            $job | Invoke-DbxJobRun -Wait -Timeout 1
            """);
        // The run started is written as it is when the time runs out: not ended, and on a loaded machine maybe not yet
        // past PENDING.
        Assert.Contains(Assert.Single(result.Objects(RunType)).S("LifeCycleState"), new[] { "PENDING", "RUNNING" });
        Assert.Equal("WaitTimeout,DatabricksJobs.Commands.InvokeDbxJobRunCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Get_run_filters_by_run_type_and_end_of_start_time_and_shows_repair_history()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"filters-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $job = New-DbxJob -Name $name -MaxConcurrentRuns 5 -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            $first = $job | Invoke-DbxJobRun -Wait
            $second = $job | Invoke-DbxJobRun -Wait
            'job runs'; @(Get-DbxRun -JobId $job.JobId -RunType JOB_RUN).Count
            'submit runs'; @(Get-DbxRun -JobId $job.JobId -RunType SUBMIT_RUN).Count
            'until first'; (Get-DbxRun -JobId $job.JobId -To $first.StartTime).RunId -eq $first.RunId
            'history'; (Get-DbxRun -RunId $first.RunId -IncludeHistory).RepairHistory[0].Type
            'no history'; $null -eq (Get-DbxRun -RunId $first.RunId).RepairHistory
            """).AssertNoErrors();
        var text = result.Output.Select(o => o.ToString()).ToList();
        Assert.Equal("2", text[text.IndexOf("job runs") + 1]);
        Assert.Equal("0", text[text.IndexOf("submit runs") + 1]);
        Assert.Equal("True", text[text.IndexOf("until first") + 1]);
        Assert.Equal("ORIGINAL", text[text.IndexOf("history") + 1]);
        Assert.Equal("True", text[text.IndexOf("no history") + 1]);
    }

    [Fact]
    public void Contradicting_or_invalid_parameters_are_refused_before_any_request()
    {
        using var shell = module.NewShell();
        var both = shell.Run("Get-DbxRun -Active -Completed");
        Assert.StartsWith("ActiveAndCompleted,", both.FirstError().FullyQualifiedErrorId);
        var runType = shell.Run("Get-DbxRun -RunType NIGHTLY");
        Assert.Equal(ErrorCategory.InvalidData, runType.FirstError().CategoryInfo.Category);
        var token = shell.Run("Invoke-DbxJobRun -JobId 1 -IdempotencyToken ('x' * 65)");
        Assert.StartsWith("ParameterArgumentValidationError,", token.FirstError().FullyQualifiedErrorId);
    }
}
