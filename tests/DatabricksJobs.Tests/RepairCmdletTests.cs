using System.Management.Automation;

namespace DatabricksJobs.Tests;

public class RepairCmdletTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string RunType = "DatabricksJobs.Models.Run";

    /// <summary>A job as $job whose task 'a' fails (its base parameter fail = true) and task 'b' depends on it.</summary>
    private static void MakeFailingJob(Shell shell)
    {
        shell.Set("name", $"repair-{Guid.NewGuid():N}");
        shell.Run("""
            $job = New-DbxJob -Name $name -MaxConcurrentRuns 10 -Task @(
              @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ fail = 'true' } } },
              @{ task_key = 'b'; depends_on = @(@{ task_key = 'a' }); notebook_task = @{ notebook_path = '/b' } })
            """).AssertNoErrors();
    }

    private static PSObject FailedRun(Shell shell)
    {
        var result = shell.Run("$run = $job | Invoke-DbxJobRun -Wait -IgnoreFailure; $run");
        var run = result.Single(RunType);
        Assert.Equal("FAILED", run.S("ResultState"));
        return run;
    }

    [Fact]
    public void A_failed_run_repaired_twice_ends_successful_and_shows_its_repair_history()
    {
        using var shell = module.NewShell();
        MakeFailingJob(shell);
        FailedRun(shell);

        // The first repair fails again (the task still fails); the second overrides the parameter, and the module finds
        // latest_repair_id itself.
        var first = shell.Run("$run | Repair-DbxRun -AllFailed -Wait -IgnoreFailure").Single(RunType);
        Assert.Equal("FAILED", first.S("ResultState"));
        var second = shell.Run("$run | Repair-DbxRun -AllFailed -NotebookParameter @{ fail = 'false' } -Wait").Single(RunType);

        Assert.Equal(first.L("RunId"), second.L("RunId"));
        Assert.Equal("SUCCESS", second.S("ResultState"));
        var history = shell.Run($"(Get-DbxRun -RunId {second.L("RunId")} -IncludeHistory).RepairHistory | ForEach-Object {{ $_.Type }}").AssertNoErrors();
        Assert.Equal(["ORIGINAL", "REPAIR", "REPAIR"], history.Output.Select(o => o.ToString()));
        Assert.Equal(3, shell.Run("$r = $run | Repair-DbxRun -AllFailed -WhatIf; (Get-DbxRun -RunId $run.RunId -IncludeHistory).RepairHistory.Count").Output.Last().BaseObject);
        // The returned run itself carries the history, and LatestRepairId names the newest repair.
        var returned = shell.Run($"$r = Get-DbxRun -RunId {second.L("RunId")} -IncludeHistory; $r.LatestRepairId -eq $r.RepairHistory[2].Id").AssertNoErrors();
        Assert.Equal(true, returned.Output.Single().BaseObject);
    }

    [Fact]
    public void Repair_without_wait_returns_the_run_active_again_with_its_history()
    {
        using var shell = module.NewShell();
        MakeFailingJob(shell);
        FailedRun(shell);
        var repaired = shell.Run("Repair-DbxRun -RunId $run.RunId -Task a -NotebookParameter @{ fail = 'false' } -Verbose").Single(RunType);

        Assert.False(Assert.IsType<bool>(repaired.P("IsCompleted")));
        Assert.Equal(2, ((System.Collections.IList)repaired.P("RepairHistory")!).Count);
        var done = shell.Run("$run | Wait-DbxRun -IgnoreFailure").Single(RunType);
        // Only 'a' was rerun: 'b' stays UPSTREAM_FAILED, so the run fails.
        Assert.Equal("FAILED", done.S("ResultState"));
    }

    [Fact]
    public void IncludeDependents_reruns_the_tasks_after_the_named_ones()
    {
        using var shell = module.NewShell();
        MakeFailingJob(shell);
        FailedRun(shell);
        var repaired = shell.Run("$run | Repair-DbxRun -Task a -IncludeDependents -NotebookParameter @{ fail = 'false' } -Wait").Single(RunType);

        Assert.Equal("SUCCESS", repaired.S("ResultState"));
        var rerun = shell.Run("$h = (Get-DbxRun -RunId $run.RunId -IncludeHistory).RepairHistory; $h[1].TaskRunIds.Count").AssertNoErrors();
        Assert.Equal(2, rerun.Output.Single().BaseObject);
    }

    [Fact]
    public void Repair_sends_every_kind_of_override()
    {
        using var shell = module.NewShell();
        MakeFailingJob(shell);
        FailedRun(shell);
        shell.Run("""
            $run | Repair-DbxRun -AllFailed -IncludeDependents -JobParameter @{ env = 'prod' } -NotebookParameter @{ fail = 'false'; n = 2 } `
              -PythonParameter p1 -JarParameter j1 -PythonNamedParameter @{ k = 'v' } -SparkSubmitParameter '--x' -SqlParameter @{ q = 1 } `
              -DbtCommand 'dbt run' -PipelineFullRefresh -Wait | Out-Null
            """).AssertNoErrors();
        var overrides = shell.Run("""
            $o = (Get-DbxRun -RunId $run.RunId).OverridingParameters
            $o.NotebookParams['n']; $o.PythonParams[0]; $o.JarParams[0]; $o.PythonNamedParams['k']; $o.SparkSubmitParams[0]; $o.SqlParams['q']; $o.DbtCommands[0]
            """).AssertNoErrors();
        Assert.Equal(["2", "p1", "j1", "v", "--x", "1", "dbt run"], overrides.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void The_failed_runs_of_a_job_are_repaired_in_one_pipeline()
    {
        using var shell = module.NewShell();
        MakeFailingJob(shell);
        shell.Run("""
            $failed = 1..2 | ForEach-Object { $job | Invoke-DbxJobRun } | Wait-DbxRun -IgnoreFailure
            $good = $job | Invoke-DbxJobRun -NotebookParameter @{ fail = 'false' } -Wait
            """).AssertNoErrors();

        var repaired = shell.Run("""
            Get-DbxRun -JobId $job.JobId -Completed | Where-Object ResultState -eq FAILED |
              Repair-DbxRun -AllFailed -NotebookParameter @{ fail = 'false' } -Wait
            """).AssertNoErrors().Objects(RunType);

        Assert.Equal(2, repaired.Count);
        Assert.All(repaired, r => Assert.Equal("SUCCESS", r.S("ResultState")));
        var goodHistory = shell.Run("(Get-DbxRun -RunId $good.RunId -IncludeHistory).RepairHistory.Count").AssertNoErrors();
        Assert.Equal(1, goodHistory.Output.Single().BaseObject);
    }

    [Fact]
    public void A_run_that_cannot_be_repaired_writes_an_error_and_the_others_are_repaired()
    {
        using var shell = module.NewShell();
        MakeFailingJob(shell);
        FailedRun(shell);
        shell.Set("name2", $"slow-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $slow = New-DbxJob -Name $name2 -Task @{ task_key = 's'; notebook_task = @{ notebook_path = '/s'; base_parameters = @{ sleep_seconds = '30' } } }
            $active = $slow | Invoke-DbxJobRun
            $active, $run | Repair-DbxRun -AllFailed -NotebookParameter @{ fail = 'false' }
            $active | Stop-DbxRun
            """);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("INVALID_PARAMETER_VALUE,", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("still active", error.ErrorDetails.Message);
        Assert.Single(result.Objects(RunType));
    }

    [Fact]
    public void A_repair_whose_answer_is_lost_is_found_in_the_history_and_made_once()
    {
        using var shell = module.NewShell();
        MakeFailingJob(shell);
        FailedRun(shell);
        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/runs/repair","drop_connection":true,"count":1}""");
        var result = shell.Run("$run | Repair-DbxRun -AllFailed -NotebookParameter @{ fail = 'false' } -IncludeDependents -Wait -Verbose").AssertNoErrors();

        Assert.Equal("SUCCESS", result.Single(RunType).S("ResultState"));
        Assert.Contains(result.Verbose, v => v.Contains("was lost") && v.Contains("it was made"));
        Assert.Equal(2, shell.Run("(Get-DbxRun -RunId $run.RunId -IncludeHistory).RepairHistory.Count").Output.Single().BaseObject);
    }
}
