using System.Diagnostics;
using System.Management.Automation;
using System.Text.Json.Nodes;

namespace DatabricksJobs.Tests;

public class WaitTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string RunType = "DatabricksJobs.Models.Run";

    private static void MakeJob(Shell shell, string tasks, int maxConcurrentRuns = 1)
    {
        shell.Set("name", $"wait-{Guid.NewGuid():N}");
        shell.Run($"$job = New-DbxJob -Name $name -MaxConcurrentRuns {maxConcurrentRuns} -Task {tasks}").AssertNoErrors();
    }

    [Fact]
    public void Wait_takes_runs_from_the_pipeline_and_returns_each_when_it_ends_with_progress_per_run()
    {
        using var shell = module.NewShell();
        MakeJob(shell, "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }, @{ task_key = 'b'; depends_on = @(@{ task_key = 'a' }); notebook_task = @{ notebook_path = '/b' } }", 10);
        var result = shell.Run("1..3 | ForEach-Object { $job | Invoke-DbxJobRun } | Wait-DbxRun").AssertNoErrors();

        var runs = result.Objects(RunType);
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal("SUCCESS", r.S("ResultState")));
        Assert.Contains(result.Progress, p => p.ActivityId == 1 && p.StatusDescription.Contains("of 3 runs finished"));
        var perRun = result.Progress.Where(p => p.ParentActivityId == 1 && p.RecordType == ProgressRecordType.Processing).ToList();
        Assert.Equal(3, perRun.Select(p => p.ActivityId).Distinct().Count());
        Assert.Contains(perRun, p => p.StatusDescription.Contains("tasks ") && p.StatusDescription.Contains("/2 done"));
        Assert.Contains(result.Progress, p => p.ActivityId == 1 && p.RecordType == ProgressRecordType.Completed);
    }

    [Fact]
    public void A_failed_run_writes_an_error_naming_its_failed_tasks_and_their_messages()
    {
        using var shell = module.NewShell();
        MakeJob(shell, "@{ task_key = 'ingest'; notebook_task = @{ notebook_path = '/i'; base_parameters = @{ fail = 'true' } } }, @{ task_key = 'report'; depends_on = @(@{ task_key = 'ingest' }); notebook_task = @{ notebook_path = '/r' } }");
        var result = shell.Run("$job | Invoke-DbxJobRun | Wait-DbxRun");

        Assert.Equal("FAILED", Assert.Single(result.Objects(RunType)).S("ResultState"));
        var error = Assert.Single(result.Errors);
        Assert.Equal("RunNotSuccessful,DatabricksJobs.Commands.WaitDbxRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
        Assert.Contains("ingest (FAILED): Exception: Task ingest failed because its parameter fail=true.", error.ErrorDetails.Message);
        Assert.DoesNotContain("report (", error.ErrorDetails.Message);
        Assert.Equal(RunType, ((PSObject)PSObject.AsPSObject(error.TargetObject)).TypeNames[0]);

        var stopped = shell.Run("try { $job | Invoke-DbxJobRun | Wait-DbxRun -ErrorAction Stop | Out-Null; 'not reached' } catch { 'runbook fails: ' + $_.Exception.Message }").AssertNoErrors();
        Assert.StartsWith("runbook fails: Run ", Assert.Single(stopped.Output).ToString());
        Assert.Contains("fail=true", stopped.Output[0].ToString());

        var quiet = shell.Run("$job | Invoke-DbxJobRun -Wait -IgnoreFailure").AssertNoErrors();
        Assert.Equal("FAILED", Assert.Single(quiet.Objects(RunType)).S("ResultState"));
    }

    [Fact]
    public void An_internal_error_ends_the_wait_as_a_failure()
    {
        using var shell = module.NewShell();
        MakeJob(shell, "@{ task_key = 'x'; notebook_task = @{ notebook_path = '/x'; base_parameters = @{ internal_error = 'true' } } }");
        var result = shell.Run("$job | Invoke-DbxJobRun -Wait");
        Assert.Equal("INTERNAL_ERROR", Assert.Single(result.Objects(RunType)).S("LifeCycleState"));
        Assert.Contains("internal error", Assert.Single(result.Errors).ErrorDetails.Message);
    }

    [Fact]
    public void A_timeout_ends_the_wait_with_an_error_for_each_unfinished_run()
    {
        using var shell = module.NewShell();
        MakeJob(shell, "@{ task_key = 'slow'; notebook_task = @{ notebook_path = '/s'; base_parameters = @{ sleep_seconds = '30' } } }");
        var clock = Stopwatch.StartNew();
        var result = shell.Run("$run = $job | Invoke-DbxJobRun; $run | Wait-DbxRun -Timeout 1");
        clock.Stop();

        // Not ended; on a loaded machine maybe not yet past PENDING.
        Assert.Contains(Assert.Single(result.Objects(RunType)).S("LifeCycleState"), new[] { "PENDING", "RUNNING" });
        var error = Assert.Single(result.Errors);
        Assert.Equal("WaitTimeout,DatabricksJobs.Commands.WaitDbxRunCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Ctrl_c_stops_a_wait_at_once()
    {
        using var shell = module.NewShell();
        MakeJob(shell, "@{ task_key = 'slow'; notebook_task = @{ notebook_path = '/s'; base_parameters = @{ sleep_seconds = '60' } } }");
        // A 30 s poll: a wait that did not stop until its next round would take that long, well past the bound below.
        var (ps, started) = shell.Start("$job | Invoke-DbxJobRun | Wait-DbxRun -PollInterval 30");
        using (ps)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (ps.Streams.Progress.Count == 0 && DateTime.UtcNow < deadline) Thread.Sleep(20);
            Assert.NotEmpty(ps.Streams.Progress);
            var clock = Stopwatch.StartNew();
            ps.Stop();
            Assert.True(started.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Stopping took {clock.Elapsed}.");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        }
    }

    [Fact]
    public void Waiting_on_many_runs_of_a_job_costs_a_few_requests_a_round_not_one_per_run()
    {
        using var shell = module.NewShell();
        MakeJob(shell, "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ sleep_seconds = '2' } } }", 100);
        shell.Run("$runs = 1..40 | ForEach-Object { $job | Invoke-DbxJobRun }").AssertNoErrors();
        var before = module.Stats();
        var result = shell.Run("$runs | Wait-DbxRun").AssertNoErrors();
        var after = module.Stats();

        Assert.Equal(40, result.Objects(RunType).Count);
        long Sent(string route) => ModuleFixture.Sent(after, route) - ModuleFixture.Sent(before, route);
        var lists = Sent("GET /api/2.2/jobs/runs/list");
        var gets = Sent("GET /api/2.2/jobs/runs/get");
        // The rounds list the job's active runs, 25 to a page; the runs that ended together are read by a listing of the
        // job's completed runs (a runs/get for a run that ended alone): far fewer requests than a runs/get of each run.
        Assert.InRange(lists, 2, 39);
        Assert.InRange(gets + lists, 2, 39);
    }
}
