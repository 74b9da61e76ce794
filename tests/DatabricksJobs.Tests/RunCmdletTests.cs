using System.Management.Automation;
using System.Text.Json.Nodes;

namespace DatabricksJobs.Tests;

public class RunCmdletTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string RunType = "DatabricksJobs.Models.Run";

    /// <summary>Makes a job in the shell as $job; tasks given as PowerShell hashtable text.</summary>
    private static void MakeJob(Shell shell, string tasks, string extra = "")
    {
        shell.Set("name", $"runs-{Guid.NewGuid():N}");
        shell.Run($"$job = New-DbxJob -Name $name -Task {tasks} {extra}").AssertNoErrors();
    }

    private const string OneTask = "@{ task_key = 'main'; notebook_task = @{ notebook_path = '/main' } }";

    [Fact]
    public void Invoke_starts_a_run_with_every_kind_of_override()
    {
        using var shell = module.NewShell();
        MakeJob(shell, OneTask, "-Parameter @{ env = 'dev' }");
        var run = shell.Run("""
            $job | Invoke-DbxJobRun -JobParameter @{ env = 'prod' } -NotebookParameter @{ exit = 'done'; count = 3 } -PythonParameter a, b `
              -JarParameter j -PythonNamedParameter @{ p = 1 } -SparkSubmitParameter '--conf' -SqlParameter @{ q = 'x' } -Only main
            """).Single(RunType);

        Assert.True(run.L("RunId") > 0);
        Assert.Equal(shell.Run("$job.JobId").Output[0].BaseObject, run.P("JobId"));
        // Written as run-now answers it: nothing was read after the start.
        Assert.Null(run.P("LifeCycleState"));
        var overrides = shell.Run($"$r = Get-DbxRun -RunId {run.L("RunId")}; $r.OverridingParameters.NotebookParams['count']; $r.OverridingParameters.PythonParams -join ','; " +
            "$r.OverridingParameters.JarParams[0]; $r.OverridingParameters.PythonNamedParams['p']; $r.OverridingParameters.SparkSubmitParams[0]; " +
            "$r.OverridingParameters.SqlParams['q']; $r.JobParameters[0].Value").AssertNoErrors();
        Assert.Equal(["3", "a,b", "j", "1", "--conf", "x", "prod"], overrides.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Invoke_wait_returns_the_finished_run_with_powershell_types_on_top()
    {
        using var shell = module.NewShell();
        MakeJob(shell, OneTask);
        var run = shell.Run("$job | Invoke-DbxJobRun -Wait").Single(RunType);

        Assert.Equal("TERMINATED", run.S("LifeCycleState"));
        Assert.Equal("SUCCESS", run.S("ResultState"));
        Assert.IsType<DateTime>(run.P("StartTime"));
        Assert.IsType<DateTime>(run.P("EndTime"));
        Assert.InRange(Assert.IsType<TimeSpan>(run.P("Duration")), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));
        Assert.StartsWith(module.Emulator.BaseUrl, run.S("RunPageUrl"));
        Assert.Equal(true, run.P("Succeeded"));
        var task = shell.Run($"(Get-DbxRun -RunId {run.L("RunId")}).Tasks[0]").Single("DatabricksJobs.Models.RunTask");
        Assert.Equal("main", task.S("TaskKey"));
        Assert.Equal(run.L("RunId"), task.L("ParentRunId"));
    }

    [Fact]
    public void The_same_idempotency_token_gives_the_same_run()
    {
        using var shell = module.NewShell();
        MakeJob(shell, OneTask, "-MaxConcurrentRuns 5");
        var runs = shell.Run("$job | Invoke-DbxJobRun -IdempotencyToken 'nightly-2026-11-23'; $job | Invoke-DbxJobRun -IdempotencyToken 'nightly-2026-11-23'; $job | Invoke-DbxJobRun")
            .AssertNoErrors().Objects(RunType);
        Assert.Equal(3, runs.Count);
        Assert.Equal(runs[0].L("RunId"), runs[1].L("RunId"));
        Assert.NotEqual(runs[0].L("RunId"), runs[2].L("RunId"));
    }

    [Fact]
    public void Get_run_lists_a_jobs_runs_from_the_pipeline_and_filters_on_state()
    {
        using var shell = module.NewShell();
        MakeJob(shell, "@{ task_key = 'main'; notebook_task = @{ notebook_path = '/main' } }", "-MaxConcurrentRuns 10");
        var result = shell.Run("""
            $ok = $job | Invoke-DbxJobRun -Wait
            $bad = $job | Invoke-DbxJobRun -NotebookParameter @{ fail = 'true' } -Wait -IgnoreFailure
            $long = $job | Invoke-DbxJobRun -NotebookParameter @{ sleep_seconds = '30' }
            'all'; (Get-DbxJob -JobId $job.JobId | Get-DbxRun).Count
            'active'; (Get-DbxJob -JobId $job.JobId | Get-DbxRun -Active).RunId -eq $long.RunId
            'failed'; ($job | Get-DbxRun -Completed | Where-Object ResultState -eq FAILED).RunId -eq $bad.RunId
            'by id'; ($long | Get-DbxRun).RunId -eq $long.RunId
            'api name'; ([pscustomobject]@{ run_id = $ok.RunId } | Get-DbxRun).ResultState
            'since'; (Get-DbxRun -JobId $job.JobId -From $ok.StartTime).Count
            'workspace'; @(Get-DbxRun -Active | Where-Object RunId -eq $long.RunId).Count
            $long | Get-DbxRun | ForEach-Object { }
            """).AssertNoErrors();
        var text = result.Output.Select(o => o.ToString()).ToList();
        Assert.Equal("3", text[text.IndexOf("all") + 1]);
        Assert.Equal("True", text[text.IndexOf("active") + 1]);
        Assert.Equal("True", text[text.IndexOf("failed") + 1]);
        Assert.Equal("True", text[text.IndexOf("by id") + 1]);
        Assert.Equal("SUCCESS", text[text.IndexOf("api name") + 1]);
        Assert.Equal("3", text[text.IndexOf("since") + 1]);
        Assert.Equal("1", text[text.IndexOf("workspace") + 1]);
        shell.Run("Get-DbxRun -Active | Where-Object JobId -eq $job.JobId | ForEach-Object { }");
    }

    [Fact]
    public void Get_run_merges_every_page_of_a_run_with_more_than_100_tasks()
    {
        using var shell = module.NewShell();
        MakeJob(shell, "(1..130 | ForEach-Object { @{ task_key = \"t$_\"; notebook_task = @{ notebook_path = '/t' } } })", "-MaxConcurrentRuns 2");
        var result = shell.Run("""
            $job.Settings.Tasks.Count
            $run = $job | Invoke-DbxJobRun
            (Get-DbxRun -RunId $run.RunId).Tasks.Count
            (Get-DbxRun -JobId $job.JobId -ExpandTasks)[0].Tasks.Count
            (Get-DbxJob -Name $name).Settings.Tasks.Count
            """).AssertNoErrors();
        Assert.Equal(["130", "130", "130", "130"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Get_run_of_a_for_each_task_run_merges_every_page_of_iterations_and_job_clusters_without_repeating_the_task()
    {
        using var shell = module.NewShell();
        MakeJob(shell, """
            @{ task_key = 'loop'; for_each_task = @{ inputs = '[' + ((1..150) -join ',') + ']'; concurrency = 100
                 task = @{ task_key = 'item'; notebook_task = @{ notebook_path = '/item'; base_parameters = @{ n = '{{input}}' } } } } }
            """, "-JobCluster (1..120 | ForEach-Object { @{ job_cluster_key = \"c$_\"; new_cluster = @{ num_workers = 1 } } })");
        var result = shell.Run("""
            $run = $job | Invoke-DbxJobRun -Wait
            $loop = (Get-DbxRun -RunId $run.RunId).Tasks[0]
            $forEach = Get-DbxRun -RunId $loop.RunId
            $forEach.Tasks.Count
            $forEach.Iterations.Count
            [Collections.Generic.HashSet[long]]::new([long[]]$forEach.Iterations.RunId).Count
            [Collections.Generic.HashSet[string]]::new([string[]]$forEach.Iterations.NotebookTask.BaseParameters.n).Count
            @($forEach.Iterations | Where-Object ParentRunId -eq $loop.RunId).Count
            $forEach.JobClusters.Count
            (Get-DbxRun -RunId $run.RunId).JobClusters.Count
            $loop.ForEachTask.Stats.TaskRunStats.SucceededIterations
            @($forEach.Iterations[0, 149] | Get-DbxRunOutput | Where-Object ResultState -eq SUCCESS).Count
            """).AssertNoErrors();
        Assert.Equal(["1", "150", "150", "150", "150", "120", "120", "150", "2"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Errors_name_the_target_and_the_servers_code_and_one_bad_item_does_not_stop_the_others()
    {
        using var shell = module.NewShell();
        MakeJob(shell, OneTask);
        var result = shell.Run("424242424242, $job.JobId | ForEach-Object { [pscustomobject]@{ JobId = $_ } } | Invoke-DbxJobRun");
        Assert.Single(result.Objects(RunType));
        var error = Assert.Single(result.Errors);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST,DatabricksJobs.Commands.InvokeDbxJobRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(424242424242L, error.TargetObject);
        Assert.Contains("Job 424242424242 does not exist", error.ErrorDetails.Message);

        var stop = shell.Run("try { Get-DbxRun -RunId 424242424242 -ErrorAction Stop; 'not reached' } catch { 'caught: ' + $_.FullyQualifiedErrorId }").AssertNoErrors();
        Assert.Equal("caught: RESOURCE_DOES_NOT_EXIST,DatabricksJobs.Commands.GetDbxRunCommand", Assert.Single(stop.Output).ToString());
    }

    [Fact]
    public void WhatIf_starts_nothing()
    {
        using var shell = module.NewShell();
        MakeJob(shell, OneTask);
        var result = shell.Run("$job | Invoke-DbxJobRun -WhatIf; (Get-DbxRun -JobId $job.JobId).Count").AssertNoErrors();
        Assert.Equal("0", result.Output.Last().ToString());
        Assert.Contains("What if: Performing the operation \"Start a run\"", result.HostText);
    }
}
