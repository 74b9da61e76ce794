namespace DatabricksJobs.Tests;

/// <summary>Stop-DbxRun, Remove-DbxRun and Submit-DbxRun.</summary>
public class RunControlTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string RunType = "DatabricksJobs.Models.Run";
    private const string SlowTask = "@{ task_key = 'slow'; notebook_task = @{ notebook_path = '/slow'; base_parameters = @{ sleep_seconds = '60' } } }";

    private static void MakeSlowJob(Shell shell, string extra = "")
    {
        shell.Set("name", $"control-{Guid.NewGuid():N}");
        shell.Run($"$job = New-DbxJob -Name $name -MaxConcurrentRuns 10 -Task {SlowTask} {extra}").AssertNoErrors();
    }

    [Fact]
    public void Stop_cancels_piped_runs_and_wait_returns_them_canceled_without_errors()
    {
        using var shell = module.NewShell();
        MakeSlowJob(shell);
        var runs = shell.Run("$runs = 1..2 | ForEach-Object { $job | Invoke-DbxJobRun }; $runs | Stop-DbxRun -Wait").AssertNoErrors().Objects(RunType);

        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal("CANCELED", r.S("ResultState")));
        Assert.All(runs, r => Assert.Equal("TERMINATED", r.S("LifeCycleState")));
    }

    [Fact]
    public void Stop_whatif_and_passthru()
    {
        using var shell = module.NewShell();
        MakeSlowJob(shell);
        var whatIf = shell.Run("$r = $job | Invoke-DbxJobRun; $r | Stop-DbxRun -WhatIf; (Get-DbxRun -RunId $r.RunId).IsCompleted").AssertNoErrors();
        Assert.Equal(false, whatIf.Output.Single().BaseObject);
        Assert.Contains("What if: Performing the operation \"Cancel\" on target \"Run ", whatIf.HostText);

        var passThru = shell.Run("$r | Stop-DbxRun -PassThru").Single(RunType);
        Assert.Equal(shell.Run("$r.RunId").Output[0].BaseObject, passThru.P("RunId"));
        Assert.Empty(shell.Run("$r | Stop-DbxRun").AssertNoErrors().Output);
    }

    [Fact]
    public void Stop_all_ends_every_active_run_of_the_job_and_no_other()
    {
        using var shell = module.NewShell();
        MakeSlowJob(shell);
        shell.Set("other", $"other-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $otherJob = New-DbxJob -Name $other -Task @{ task_key = 'slow'; notebook_task = @{ notebook_path = '/slow'; base_parameters = @{ sleep_seconds = '60' } } }
            $otherRun = $otherJob | Invoke-DbxJobRun
            1..3 | ForEach-Object { $job | Invoke-DbxJobRun } | Out-Null
            $job | Stop-DbxRun -All -Wait
            """).AssertNoErrors();

        var ended = result.Objects(RunType);
        Assert.Equal(3, ended.Count);
        Assert.All(ended, r => Assert.Equal("CANCELED", r.S("ResultState")));
        Assert.Empty(shell.Run("Get-DbxRun -JobId $job.JobId -Active").AssertNoErrors().Output);
        Assert.Single(shell.Run("Get-DbxRun -JobId $otherJob.JobId -Active").AssertNoErrors().Output);
        shell.Run("$otherRun | Stop-DbxRun").AssertNoErrors();
    }

    [Fact]
    public void Stop_all_queued_cancels_the_queued_runs_and_leaves_the_running_one()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"queued-{Guid.NewGuid():N}");
        var result = shell.Run($$"""
            $job = New-DbxJob -Name $name -MaxConcurrentRuns 1 -Queue -Task {{SlowTask}}
            $runs = 1..3 | ForEach-Object { $job | Invoke-DbxJobRun }
            Stop-DbxRun -All -JobId $job.JobId -AllQueued -Wait
            """).AssertNoErrors();

        var canceled = result.Objects(RunType);
        Assert.Equal(2, canceled.Count);
        Assert.All(canceled, r => Assert.Equal("CANCELED", r.S("ResultState")));
        var running = shell.Run("Get-DbxRun -JobId $job.JobId -Active").AssertNoErrors().Objects(RunType);
        Assert.Contains(Assert.Single(running).S("LifeCycleState"), new[] { "PENDING", "RUNNING" });
        shell.Run("$job | Stop-DbxRun -All -Wait").AssertNoErrors();
    }

    [Fact]
    public void Stop_all_needs_a_job_or_all_queued()
    {
        using var shell = module.NewShell();
        var error = shell.Run("Stop-DbxRun -All").FirstError();
        Assert.Equal("JobIdOrAllQueuedRequired,DatabricksJobs.Commands.StopDbxRunCommand", error.FullyQualifiedErrorId);
    }

    [Fact]
    public void Remove_deletes_finished_runs_refuses_active_ones_and_goes_on()
    {
        using var shell = module.NewShell();
        MakeSlowJob(shell);
        var result = shell.Run("""
            $active = $job | Invoke-DbxJobRun
            $done = $job | Invoke-DbxJobRun | Stop-DbxRun -Wait
            $active, $done | Remove-DbxRun -Confirm:$false
            """);

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("INVALID_PARAMETER_VALUE,", error.FullyQualifiedErrorId);
        var gone = shell.Run("Get-DbxRun -RunId $done.RunId").FirstError();
        Assert.StartsWith("RESOURCE_DOES_NOT_EXIST,", gone.FullyQualifiedErrorId);
        shell.Run("$active | Remove-DbxRun -WhatIf; $active | Stop-DbxRun").AssertNoErrors();
        Assert.Single(shell.Run("Get-DbxRun -RunId $active.RunId").AssertNoErrors().Output);
    }

    [Fact]
    public void Submit_runs_tasks_once_and_waits_for_them()
    {
        using var shell = module.NewShell();
        var run = shell.Run("""
            Submit-DbxRun -RunName 'one-off' -MaxDurationSeconds 600 -Task @(
              @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ exit = 42 } } },
              @{ task_key = 'b'; depends_on = @(@{ task_key = 'a' }); notebook_task = @{ notebook_path = '/b' } }) -Wait
            """).Single(RunType);

        Assert.Equal("SUBMIT_RUN", run.S("RunType"));
        Assert.Equal("one-off", run.S("RunName"));
        Assert.Equal("SUCCESS", run.S("ResultState"));
        Assert.Null(run.P("JobId") is long id && id > 0 ? "job" : null);
        var output = shell.Run($"Get-DbxRunOutput -RunId {run.L("RunId")} | Where-Object TaskKey -eq a").AssertNoErrors();
        Assert.Equal("42", output.Output.Single().Properties["Result"].Value);
    }

    [Fact]
    public void Submit_from_settings_and_from_a_file()
    {
        using var shell = module.NewShell();
        var file = Path.Combine(Path.GetTempPath(), $"submit-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"run_name":"from-file","tasks":[{"task_key":"f","notebook_task":{"notebook_path":"/f"}}]}""");
        try
        {
            shell.Set("file", file);
            var runs = shell.Run("""
                @{ run_name = 'from-settings'; tasks = @(@{ task_key = 's'; notebook_task = @{ notebook_path = '/s' } }) } | Submit-DbxRun
                Submit-DbxRun -Path $file -RunName 'renamed'
                """).AssertNoErrors().Objects(RunType);
            // Written as the submits answered them: their ids alone; Get-DbxRun reads them whole.
            Assert.All(runs, r => Assert.Null(r.P("RunName")));
            shell.Set("submitted", runs);
            runs = shell.Run("$submitted | Get-DbxRun").AssertNoErrors().Objects(RunType);
            Assert.Equal(["from-settings", "renamed"], runs.Select(r => r.S("RunName")));
            Assert.All(runs, r => Assert.Equal("SUBMIT_RUN", r.S("RunType")));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_submit_whose_answer_is_lost_is_retried_and_starts_exactly_one_run()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"submit-{Guid.NewGuid():N}");
        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/runs/submit","drop_connection":true,"count":1}""");
        var result = shell.Run("Submit-DbxRun -RunName $name -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } -Verbose").AssertNoErrors();

        Assert.Single(result.Objects(RunType));
        Assert.Contains(result.Verbose, v => v.StartsWith("POST /api/2.2/jobs/runs/submit -> no answer"));
        var count = shell.Run("(Get-DbxRun -RunType SUBMIT_RUN | Where-Object RunName -eq $name).Count").AssertNoErrors();
        Assert.Equal(1, count.Output.Single().BaseObject);
    }

    [Fact]
    public void Submit_with_the_same_idempotency_token_gives_the_same_run_and_whatif_submits_nothing()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"token-{Guid.NewGuid():N}");
        var result = shell.Run("""
            $t = @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            (Submit-DbxRun -RunName $name -Task $t -IdempotencyToken $name).RunId -eq (Submit-DbxRun -RunName $name -Task $t -IdempotencyToken $name).RunId
            Submit-DbxRun -RunName "$name-whatif" -Task $t -WhatIf
            (Get-DbxRun -RunType SUBMIT_RUN | Where-Object { $_.RunName -like "$name*" }).Count
            """).AssertNoErrors();
        Assert.Equal([true, 1], result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void Submit_with_bad_tasks_gives_the_service_error()
    {
        using var shell = module.NewShell();
        var error = shell.Run("Submit-DbxRun -Task @{ notebook_task = @{ notebook_path = '/a' } }").FirstError();
        Assert.StartsWith("INVALID_PARAMETER_VALUE,", error.FullyQualifiedErrorId);
        Assert.Contains("task_key", error.ErrorDetails.Message);
    }
}
