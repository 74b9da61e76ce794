using System.Diagnostics;
using System.Management.Automation;

namespace DatabricksJobs.Tests;

/// <summary>
/// Faults on the way and on the server: waits that end, runs and jobs never lost from the pipeline, only what can
/// succeed later retried, and a lost answer said to be one.
/// </summary>
public class FaultTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string RunType = "DatabricksJobs.Models.Run";
    private const string JobType = "DatabricksJobs.Models.Job";
    private const string Sleeper = "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ sleep_seconds = '1' } } }";
    private const string Quick = "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }";

    private static void MakeJob(Shell shell, string task = Quick)
    {
        shell.Set("name", $"fault-{Guid.NewGuid():N}");
        shell.Run($"$job = New-DbxJob -Name $name -MaxConcurrentRuns 10 -Task {task}").AssertNoErrors();
    }

    /// <summary>A shell whose session gives up retrying after a second, so that a fault outlasts the retries.</summary>
    private Shell ImpatientShell()
    {
        var shell = module.NewShell();
        shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -RetryTimeout 1 | Out-Null").AssertNoErrors();
        return shell;
    }

    [Fact]
    public void A_run_deleted_while_waited_for_ends_its_wait_with_one_error_and_is_still_written()
    {
        using var shell = module.NewShell();
        MakeJob(shell);
        shell.Run("$gone = $job | Invoke-DbxJobRun -Wait; $gone | Remove-DbxRun -Confirm:$false; $kept = $job | Invoke-DbxJobRun").AssertNoErrors();

        var clock = Stopwatch.StartNew();
        // Both runs carry their job id, so the wait polls them as runs of one job; the deleted one must not be polled forever.
        var result = shell.Run("$gone, $kept | Wait-DbxRun -Timeout 60");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the wait took {clock.Elapsed}");

        var error = Assert.Single(result.Errors);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.StartsWith("RESOURCE_DOES_NOT_EXIST,", error.FullyQualifiedErrorId);
        Assert.StartsWith($"Stopped waiting for run {shell.Run("$gone.RunId").Output[0]}: ", error.ErrorDetails.Message);
        var runs = result.Objects(RunType);
        Assert.Equal(2, runs.Count);
        Assert.Equal("SUCCESS", runs.Single(r => r.L("RunId") == (long)shell.Run("$kept.RunId").Output[0].BaseObject).S("ResultState"));

        var alone = shell.Run("$gone | Wait-DbxRun -Timeout 60");
        Assert.Single(alone.Errors);
        Assert.Single(alone.Objects(RunType));
    }

    [Fact]
    public void Runs_of_a_job_deleted_while_they_run_are_read_one_by_one_until_they_end()
    {
        using var shell = module.NewShell();
        MakeJob(shell, Sleeper);
        var result = shell.Run("""
            $runs = 1..2 | ForEach-Object { $job | Invoke-DbxJobRun }
            Remove-DbxJob -JobId $job.JobId -Confirm:$false
            $runs | Wait-DbxRun -Timeout 60 -Verbose
            """).AssertNoErrors();

        var runs = result.Objects(RunType);
        Assert.Equal(2, runs.Count);
        Assert.All(runs, r => Assert.Equal("SUCCESS", r.S("ResultState")));
        Assert.Single(result.Verbose, v => v.StartsWith("Listing the active runs of job ") && v.Contains("read one by one"));
    }

    [Fact]
    public void Timeout_is_a_deadline_for_the_request_in_flight_and_its_retries_and_the_run_is_written_as_it_is()
    {
        using var shell = module.NewShell();
        MakeJob(shell, "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ sleep_seconds = '30' } } }");
        shell.Run("$run = $job | Invoke-DbxJobRun").AssertNoErrors();
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/runs/get","status":503,"count":1000}""");
        try
        {
            var clock = Stopwatch.StartNew();
            var result = shell.Run("$run | Wait-DbxRun -Timeout 3");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"Wait-DbxRun -Timeout 3 took {clock.Elapsed}");
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("WaitTimeout,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
            Assert.Single(result.Objects(RunType));
        }
        finally
        {
            module.ClearFaults();
            shell.Run("Stop-DbxRun -RunId $run.RunId");
        }
    }

    [Fact]
    public void A_run_started_whose_read_fails_is_written_with_its_id_and_an_error_and_not_started_twice()
    {
        using var shell = ImpatientShell();
        MakeJob(shell);
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/runs/get","status":500,"count":1000}""");
        ShellResult started, unread, submitted;
        try
        {
            // A token given is checked by reading the run; without one, and for a submit, nothing is read after the start.
            started = shell.Run("$job | Invoke-DbxJobRun -IdempotencyToken \"read-$name\"");
            unread = shell.Run("$job | Invoke-DbxJobRun");
            submitted = shell.Run("Submit-DbxRun -RunName $name -Task @{ task_key = 'b'; notebook_task = @{ notebook_path = '/b' } }");
        }
        finally
        {
            module.ClearFaults();
        }

        var run = Assert.Single(started.Objects(RunType));
        Assert.True(run.L("RunId") > 0);
        var error = Assert.Single(started.Errors);
        Assert.Contains($"Run {run.L("RunId")} was started, but reading it failed (Get-DbxRun -RunId {run.L("RunId")} reads it later)", error.ErrorDetails.Message);
        Assert.Equal(run.L("JobId"), (long)shell.Run("$job.JobId").Output[0].BaseObject);
        foreach (var result in new[] { unread, submitted })
            Assert.True(Assert.Single(result.AssertNoErrors().Objects(RunType)).L("RunId") > 0);
        // The runs written are the ones started, and no more were.
        Assert.Equal("2", shell.Run("@(Get-DbxRun -JobId $job.JobId).Count").AssertNoErrors().Output[0].ToString());
    }

    [Fact]
    public void A_job_created_whose_read_fails_is_written_with_its_id_and_an_error()
    {
        using var shell = ImpatientShell();
        shell.Set("name", $"fault-{Guid.NewGuid():N}");
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/get","status":500,"count":1000}""");
        ShellResult result;
        try
        {
            result = shell.Run($"New-DbxJob -Name $name -Task {Quick}");
        }
        finally
        {
            module.ClearFaults();
        }
        var job = Assert.Single(result.Objects(JobType));
        Assert.Equal(shell.Get("name"), job.S("Name"));
        Assert.Contains($"Job {job.L("JobId")} ('{shell.Get("name")}') was created, but reading it failed", Assert.Single(result.Errors).ErrorDetails.Message);
        Assert.Equal("1", shell.Run("@(Get-DbxJob -Name $name).Count").Output[0].ToString());
    }

    [Fact]
    public void Server_errors_are_retried_for_reads_and_repeatable_writes_but_not_for_a_create()
    {
        using var shell = module.NewShell();
        MakeJob(shell);
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/get","status":502,"count":1}""");
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/get","status":500,"count":1}""");
        var read = shell.Run("Get-DbxJob -JobId $job.JobId -Verbose").AssertNoErrors();
        Assert.Single(read.Objects(JobType));
        Assert.Contains(read.Verbose, v => v.Contains("-> 502"));
        Assert.Contains(read.Verbose, v => v.Contains("-> 500"));

        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/create","status":504,"count":1}""");
        var create = shell.Run($"New-DbxJob -Name $name -Task {Quick} -Verbose");
        var error = Assert.Single(create.Errors);
        Assert.Single(create.Verbose, v => v.StartsWith("POST /api/2.2/jobs/create ->"));
        Assert.Contains("may or may not have acted on the request", error.ErrorDetails.Message);
        Assert.Contains($"Get-DbxJob -Name '{shell.Get("name")}'", error.ErrorDetails.Message);
    }

    [Fact]
    public void A_delete_repeated_after_its_answer_was_lost_succeeds()
    {
        using var shell = module.NewShell();
        MakeJob(shell);
        shell.Run("$run = $job | Invoke-DbxJobRun -Wait").AssertNoErrors();
        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/runs/delete","drop_connection":true,"count":1}""");
        module.ArmFault("""{"method":"POST","path":"/api/2.2/jobs/delete","drop_connection":true,"count":1}""");
        var result = shell.Run("$run | Remove-DbxRun -Verbose -Confirm:$false; Remove-DbxJob -JobId $job.JobId -Verbose -Confirm:$false").AssertNoErrors();
        Assert.Contains(result.Verbose, v => v.Contains($"deleting run ") && v.Contains("that attempt deleted it"));
        Assert.Contains(result.Verbose, v => v.Contains($"deleting job ") && v.Contains("that attempt deleted it"));
        Assert.NotEmpty(shell.Run("Get-DbxJob -JobId $job.JobId").Errors);
    }

    [Fact]
    public void A_session_disconnected_under_a_running_wait_ends_it_with_a_clear_error()
    {
        using var shell = module.NewShell();
        MakeJob(shell, "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a'; base_parameters = @{ sleep_seconds = '30' } } }");
        shell.Run("$run = $job | Invoke-DbxJobRun; $session = Get-DbxSession").AssertNoErrors();
        using var other = module.NewShell(connect: false);
        other.Set("session", shell.Get("session"));
        other.Set("run", shell.Get("run"));
        var (ps, pending) = other.Start("$run | Wait-DbxRun -Session $session -Timeout 60");
        using (ps)
        {
            Thread.Sleep(1500);
            shell.Run("Disconnect-DbxWorkspace").AssertNoErrors();
            Assert.True(pending.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the wait did not end");
            var output = ps.EndInvoke(pending);
            var error = Assert.Single(ps.Streams.Error);
            Assert.StartsWith("SessionDisconnected,", error.FullyQualifiedErrorId);
            Assert.Contains("was disconnected", error.ErrorDetails.Message);
            Assert.Single(output, o => o.TypeNames.Contains(RunType));
        }
        using var cleanup = module.NewShell();
        cleanup.Set("run", shell.Get("run"));
        cleanup.Run("Stop-DbxRun -RunId $run.RunId");
    }

    [Theory]
    [InlineData("http://127.0.0.1:1", "127.0.0.1:1 refused the connection: nothing listens there")]
    [InlineData("https://no-such-workspace.invalid", "the name 'no-such-workspace.invalid' could not be resolved (DNS)")]
    [InlineData("https://{emulator}", "the TLS handshake with 127.0.0.1:")]
    public void A_failure_that_cannot_pass_is_not_retried_and_names_its_cause(string url, string cause)
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", url.Replace("{emulator}", new Uri(module.Emulator.BaseUrl).Authority));
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        var clock = Stopwatch.StartNew();
        var result = shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"Connect-DbxWorkspace took {clock.Elapsed}");
        var error = result.FirstError();
        Assert.StartsWith("ConnectionFailed,", error.FullyQualifiedErrorId);
        Assert.Contains(cause, error.ErrorDetails.Message);
        Assert.DoesNotContain("tried ", error.ErrorDetails.Message);
    }

    [Fact]
    public void Faults_that_can_pass_are_retried_until_the_budget_says_how_long()
    {
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -RetryTimeout 2 | Out-Null").AssertNoErrors();
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/list","drop_connection":true,"count":1000}""");
        try
        {
            var result = shell.Run("Get-DbxJob");
            var error = result.FirstError();
            Assert.StartsWith("ConnectionFailed,", error.FullyQualifiedErrorId);
            Assert.Contains("tried ", error.ErrorDetails.Message);
        }
        finally
        {
            module.ClearFaults();
        }
    }
}
