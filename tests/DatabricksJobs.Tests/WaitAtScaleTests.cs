using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Tests;

/// <summary>
/// What waiting costs, counted by the emulator: each round the cheapest of one workspace listing of active runs,
/// per-job listings or runs/get of each run, said on the Verbose stream; and no request whose answer is in hand (no
/// runs/get after a start with -Wait, none in Get-DbxRunOutput for a run piped in whole).
/// </summary>
public class WaitAtScaleTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string RunType = "DatabricksJobs.Models.Run";
    private const string List = "GET /api/2.2/jobs/runs/list";
    private const string Get = "GET /api/2.2/jobs/runs/get";
    private const string GetOutput = "GET /api/2.2/jobs/runs/get-output";

    /// <summary>The requests of each route that <paramref name="script"/> sent.</summary>
    private (ShellResult Result, Func<string, long> Sent) Counted(Shell shell, string script)
    {
        var before = module.Stats();
        var result = shell.Run(script);
        var after = module.Stats();
        return (result, route => ModuleFixture.Sent(after, route) - ModuleFixture.Sent(before, route));
    }

    private static List<string> Rounds(ShellResult result) => result.Verbose.Where(l => Regex.IsMatch(l, @"^Round \d+: ")).ToList();

    /// <summary>$jobs: <paramref name="count"/> new jobs whose one task takes <paramref name="seconds"/> seconds.</summary>
    private static void MakeJobs(Shell shell, int count, int seconds, int maxConcurrentRuns = 1, string variable = "jobs")
    {
        shell.Set("prefix", $"scale-{Guid.NewGuid():N}");
        shell.Run($"${variable} = 1..{count} | ForEach-Object {{ New-DbxJob -Name \"$prefix-$_\" -MaxConcurrentRuns {maxConcurrentRuns} " +
            $"-Task @{{ task_key = 'a'; notebook_task = @{{ notebook_path = '/a'; base_parameters = @{{ sleep_seconds = '{seconds}' }} }} }} }}").AssertNoErrors();
    }

    [Fact]
    public void Runs_of_many_jobs_are_polled_with_one_listing_of_the_workspace_a_round_and_each_ended_run_read_once()
    {
        using var shell = module.NewShell();
        MakeJobs(shell, 30, 2);
        shell.Run("$runs = $jobs | Invoke-DbxJobRun").AssertNoErrors();
        var (result, sent) = Counted(shell, "$runs | Wait-DbxRun -Verbose");

        result.AssertNoErrors();
        Assert.Equal(30, result.Objects(RunType).Count);
        var rounds = Rounds(result);
        Assert.NotEmpty(rounds);
        Assert.All(rounds, line => Assert.Contains("one listing of the workspace's active runs", line));
        Assert.Equal(Enumerable.Range(1, rounds.Count).Select(n => $"Round {n}: "), rounds.Select(l => l[..l.IndexOf(": ", StringComparison.Ordinal)] + ": "));
        Assert.StartsWith("Round 1: 30 runs of 30 jobs: one listing of the workspace's active runs (2 requests, not listed before) costs fewer requests than listing each job's (30) or reading each run (30).", rounds[0]);
        // Every listing is of the whole workspace. A round lists at most ceil(30 / 25) pages of active runs; the runs
        // that ended are read by one listing of the runs completed since (several ended together), or a runs/get each:
        // fewer requests than a runs/get of each, and each run written once.
        var listings = result.Verbose.Where(l => l.StartsWith(List, StringComparison.Ordinal)).ToList();
        Assert.All(listings, l => Assert.DoesNotContain("job_id=", l));
        var activeListings = listings.Count(l => l.Contains("active_only=true"));
        var completedListings = listings.Count(l => l.Contains("completed_only=true"));
        Assert.Equal(listings.Count, activeListings + completedListings);
        Assert.InRange(activeListings, rounds.Count, 2 * rounds.Count);
        Assert.Contains(result.Verbose, l => l.Contains(" ended: one listing of the workspace's runs completed since the earliest started"));
        Assert.InRange(completedListings, 1, 29);
        Assert.InRange(sent(Get) + completedListings, 1, 29);
        Assert.Equal(sent(List), listings.Count);
    }

    [Fact]
    public void Runs_that_end_together_are_read_by_one_listing_of_their_jobs_completed_runs_whole_as_runs_get_reads_them()
    {
        using var shell = module.NewShell();
        MakeJobs(shell, 1, 1, maxConcurrentRuns: 5);
        shell.Run("$runs = 1..5 | ForEach-Object { $jobs | Invoke-DbxJobRun }").AssertNoErrors();
        var (result, sent) = Counted(shell, "$runs | Wait-DbxRun -Verbose");

        result.AssertNoErrors();
        var waited = result.Objects(RunType);
        Assert.Equal(5, waited.Count);
        var jobId = waited[0].L("JobId");
        Assert.Contains(result.Verbose, l => l.StartsWith("5 runs ended: one listing of job " + jobId + "'s runs completed since the earliest started (4 requests at most)", StringComparison.Ordinal));
        Assert.Contains(result.Verbose, l => l.StartsWith(List, StringComparison.Ordinal) && l.Contains("completed_only=true") && l.Contains($"job_id={jobId}") && l.Contains("start_time_from="));
        Assert.Equal(0, sent(Get));
        // Written in the order they were waited for, as runs read one by one are, not the listing's (newest first).
        Assert.Equal(shell.Run("$runs.RunId").AssertNoErrors().Output.Select(o => Convert.ToInt64(o.BaseObject)), waited.Select(r => r.L("RunId")));
        // What the listing gave is what runs/get gives: the outcome, the times and each task run.
        foreach (var run in waited)
        {
            var read = shell.Run($"Get-DbxRun -RunId {run.L("RunId")}").AssertNoErrors().Single(RunType);
            foreach (var property in new[] { "LifeCycleState", "ResultState", "StateMessage", "RunPageUrl", "RunName" }) Assert.Equal(read.S(property), run.S(property));
            foreach (var property in new[] { "StartTimeMs", "EndTimeMs", "JobId", "NumberInJob" }) Assert.Equal(read.L(property), run.L(property));
            Assert.Equal(((IEnumerable<object>)read.P("Tasks")!).Select(t => PSObject.AsPSObject(t).L("RunId")), ((IEnumerable<object>)run.P("Tasks")!).Select(t => PSObject.AsPSObject(t).L("RunId")));
        }
    }

    [Fact]
    public void A_workspace_busy_with_other_runs_is_listed_once_then_runs_are_polled_by_job_or_one_by_one()
    {
        using var shell = module.NewShell();
        MakeJobs(shell, 1, 600, maxConcurrentRuns: 60, variable: "busy");
        try
        {
            shell.Run("$others = 1..60 | ForEach-Object { $busy | Invoke-DbxJobRun }").AssertNoErrors();

            // Three jobs with four runs each: a page of each job's active runs is cheaper than 72 runs in 3 pages.
            MakeJobs(shell, 3, 2, maxConcurrentRuns: 4);
            shell.Run("$runs = foreach ($job in $jobs) { 1..4 | ForEach-Object { $job | Invoke-DbxJobRun } }").AssertNoErrors();
            var (byJob, sentByJob) = Counted(shell, "$runs | Wait-DbxRun -Verbose");
            byJob.AssertNoErrors();
            Assert.Equal(12, byJob.Objects(RunType).Count);
            var rounds = Rounds(byJob);
            Assert.Contains("one listing of the workspace's active runs (1 request, not listed before)", rounds[0]);
            Assert.Contains(": listing the active runs of 3 jobs (3 requests) costs fewer than reading each run (12) or listing the workspace's active runs (3 requests, 72 active runs at its last listing).", rounds[1]);
            Assert.All(rounds.Skip(1), l => Assert.Matches(": (listing the active runs of|reading each run)", l));
            // The first round's listing of the workspace's active runs: 72 active runs, 3 pages; none after it.
            Assert.Equal(3, byJob.Verbose.Count(l => l.StartsWith(List, StringComparison.Ordinal) && l.Contains("active_only=true") && !l.Contains("job_id=")));
            // The runs that ended are read by listings of the completed runs (several ended at once) or a runs/get each: at most 12 requests.
            var completedByJob = byJob.Verbose.Count(l => l.StartsWith(List, StringComparison.Ordinal) && l.Contains("completed_only=true"));
            Assert.InRange(sentByJob(Get) + completedByJob, 1, 12);

            // Two runs of two jobs: reading each costs less than 3 pages of the workspace's runs or a page for each job.
            MakeJobs(shell, 2, 2);
            shell.Run("$runs = $jobs | Invoke-DbxJobRun").AssertNoErrors();
            var (byRun, sentByRun) = Counted(shell, "$runs | Wait-DbxRun -Verbose");
            byRun.AssertNoErrors();
            Assert.Equal(2, byRun.Objects(RunType).Count);
            rounds = Rounds(byRun);
            Assert.All(rounds.Skip(1), l => Assert.Contains(": reading each run (", l));
            // The first round's listing stopped at 2 pages, what reading the two runs costs; after it, none.
            Assert.Contains("(1 request, not listed before)", rounds[0]);
            Assert.Contains("reading each run (2 requests) costs no more than listing the workspace's active runs (3 requests, 51 active runs at its last listing)", rounds[1]);
            Assert.Equal(2, sentByRun(List));
        }
        finally
        {
            shell.Run("Stop-DbxRun -All -JobId $busy.JobId -Wait -Confirm:$false | Out-Null").AssertNoErrors();
        }
    }

    /// <summary>
    /// Runs that a workspace listing cut short at its page budget did not reach are still going as far as is known: they are
    /// read as the other ways read them (by their jobs' listings where those cost fewer requests, else runs/get), not taken
    /// for runs that ended and looked for among the completed runs first. <paramref name="budget"/>: the pages the listing
    /// may take, what the other ways cost; <paramref name="gets"/> and <paramref name="jobPages"/>: what reads the runs it
    /// did not reach.
    /// </summary>
    [Theory]
    [InlineData(3, 1, 3, 3, 0)]
    [InlineData(2, 26, 4, 0, 4)]
    public void Runs_a_workspace_listing_cut_short_did_not_reach_are_read_as_runs_still_going_not_as_runs_that_ended(int jobs, int runsEach, int budget, int gets, int jobPages)
    {
        using var shell = module.NewShell();
        MakeJobs(shell, jobs, 600, maxConcurrentRuns: runsEach);
        MakeJobs(shell, 1, 600, maxConcurrentRuns: 130, variable: "busy");
        var busy = Convert.ToInt64(shell.Run("$busy.JobId").Output[0].BaseObject);
        var runs = jobs * runsEach;
        try
        {
            shell.Run($"$runs = foreach ($job in $jobs) {{ 1..{runsEach} | ForEach-Object {{ $job | Invoke-DbxJobRun }} }}").AssertNoErrors();
            var listed = module.Sent(List);
            // Rounds 5 s apart, and the time runs out before the third (at 10 s), 4 s after the second began: the second
            // round is the one looked at.
            var (ps, started) = shell.Start("$runs | Wait-DbxRun -PollInterval 5 -Timeout 9 -Verbose");
            using (ps)
            {
                // Once the first round has listed the workspace, 130 runs of another job, newer than the waited ones, fill
                // its first pages (started in the emulator directly, at once, well before the second round).
                module.WaitForSent(List, listed + 1);
                var workspace = module.Emulator.Workspace;
                workspace.Locked(() =>
                {
                    for (var i = 0; i < 130; i++) workspace.RunNow(new RunNowRequest { JobId = busy }, new Caller(ModuleFixture.UserName, IsAdmin: true), module.Emulator.BaseUrl);
                });
                Assert.True(started.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60)));

                var verbose = ps.Streams.Verbose.Select(v => v.Message).ToList();
                var rounds = verbose.Where(l => Regex.IsMatch(l, @"^Round \d+: ")).ToList();
                Assert.StartsWith($"Round 2: {runs} runs of {jobs} jobs: one listing of the workspace's active runs ({Pages(runs)} request", rounds[1]);
                Assert.Contains($"costs fewer requests than listing each job's ({budget})", rounds[1]);
                var second = verbose.SkipWhile(l => l != rounds[1]).Skip(1).TakeWhile(l => !l.StartsWith("Round 3: ", StringComparison.Ordinal)).ToList();
                // The listing stops at its budget, before it reaches the waited runs (older than the 130).
                Assert.Equal(budget, second.Count(l => l.StartsWith(List, StringComparison.Ordinal) && l.Contains("active_only=true") && !l.Contains("job_id=")));
                // Not reached is not ended: the runs are read by runs/get or their jobs' listings, at most the budget once more,
                // and not looked for among the runs completed since they started.
                Assert.Equal(gets, second.Count(l => l.StartsWith(Get + "?", StringComparison.Ordinal)));
                Assert.Equal(jobPages, second.Count(l => l.StartsWith(List, StringComparison.Ordinal) && l.Contains("job_id=")));
                Assert.DoesNotContain(second, l => l.Contains("completed_only=true") || l.Contains(" ended: "));
                Assert.Contains(second, l => l.StartsWith($"The workspace has more active runs than {budget} pages hold: the {runs} runs waited for and not reached are read ", StringComparison.Ordinal));
                // Still going when the time ran out: each written once, as last read, with its WaitTimeout error.
                Assert.Equal(runs, ps.Streams.Error.Count(e => e.FullyQualifiedErrorId.StartsWith("WaitTimeout,", StringComparison.Ordinal)));
                Assert.Equal(runs, ps.EndInvoke(started).Select(o => o.Properties["RunId"].Value).Distinct().Count());
            }
        }
        finally
        {
            shell.Run("$jobs + $busy | ForEach-Object { Stop-DbxRun -All -JobId $_.JobId -Wait -Confirm:$false } | Out-Null").AssertNoErrors();
        }
    }

    private static int Pages(int runs) => (runs + 24) / 25;

    [Fact]
    public void A_listing_held_to_a_number_of_requests_counts_pages_not_runs_when_pages_come_short()
    {
        // A workspace whose every page of active runs holds one run, with more to follow (the service may answer a page
        // with fewer runs than asked for), and whose runs 1 to 3 have ended.
        var page = 0;
        using var server = new RecordingServer(head =>
            head.StartsWith("GET /api/2.0/preview/scim/v2/Me ", StringComparison.Ordinal) ? RecordingServer.Json(200, """{"userName":"pages@example.com"}""")
            : head.StartsWith(List + "?", StringComparison.Ordinal) ? RecordingServer.Json(200, new JsonObject
            {
                ["runs"] = new JsonArray(new JsonObject { ["run_id"] = 1000 + Interlocked.Increment(ref page), ["job_id"] = 9, ["state"] = new JsonObject { ["life_cycle_state"] = "RUNNING" } }),
                ["has_more"] = true,
                ["next_page_token"] = $"page-{page}",
            }.ToJsonString())
            : head.StartsWith(Get + "?run_id=", StringComparison.Ordinal) ? RecordingServer.Json(200, new JsonObject
            {
                ["run_id"] = long.Parse(Regex.Match(head, @"run_id=(\d+)").Groups[1].Value),
                ["job_id"] = 7,
                ["state"] = new JsonObject { ["life_cycle_state"] = "TERMINATED", ["result_state"] = "SUCCESS" },
            }.ToJsonString())
            : RecordingServer.Json(404, """{"error_code":"ENDPOINT_NOT_FOUND","message":"No such endpoint."}"""));
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", server.Url);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken | Out-Null").AssertNoErrors();

        var result = shell.Run("Wait-DbxRun -RunId 1, 2, 3 -Verbose").AssertNoErrors();

        Assert.Equal(3, result.Objects(RunType).Count);
        Assert.StartsWith("Round 1: 3 runs of 0 jobs (3 of no job known yet): one listing of the workspace's active runs (1 request, not listed before) costs fewer requests than listing each job's (3)", Rounds(result)[0]);
        // The listing stops at 3 pages, what reading the 3 runs costs, though it holds only 3 runs, not 75; the runs it did
        // not reach are read.
        Assert.Equal(3, server.Requests.Count(h => h.StartsWith(List + "?", StringComparison.Ordinal)));
        Assert.Equal(3, server.Requests.Count(h => h.StartsWith(Get + "?", StringComparison.Ordinal)));
    }

    [Fact]
    public void After_a_round_in_which_runs_ended_the_next_comes_half_a_second_later_for_no_more_than_a_listing()
    {
        using var shell = module.NewShell();
        MakeJobs(shell, 1, 2, maxConcurrentRuns: 2);
        shell.Run("$runs = ($jobs | Invoke-DbxJobRun), ($jobs | Invoke-DbxJobRun -NotebookParameter @{ sleep_seconds = '5' })").AssertNoErrors();
        var (result, sent) = Counted(shell, "$runs | Wait-DbxRun -Verbose");
        Assert.Equal(2, result.AssertNoErrors().Objects(RunType).Count);
        // The short run ends in a round after the backoff grew; the long one is then polled half a second later.
        var soon = Assert.Single(result.Verbose, l => l.StartsWith("1 run ended this round: the next round is in 0.5 s, not ", StringComparison.Ordinal));
        var after = result.Verbose.Skip(result.Verbose.IndexOf(soon) + 1).ToList();
        Assert.Contains(after, l => Regex.IsMatch(l, @"^Round \d+: 1 run of 1 job: "));
        // Each round: one listing of the job's runs while both are waited for, a read of the one left after; and a read of each run that ended.
        var rounds = Rounds(result);
        Assert.True(sent(List) + sent(Get) <= rounds.Count + 2, $"{sent(List)} listings and {sent(Get)} reads in {rounds.Count} rounds");
    }

    [Fact]
    public void A_run_started_is_not_read_right_after_its_start_with_or_without_Wait_unless_its_token_is_checked()
    {
        using var shell = module.NewShell();
        MakeJobs(shell, 1, 1, maxConcurrentRuns: 2);
        var (waited, sentWaited) = Counted(shell, "$jobs | Invoke-DbxJobRun -Wait -Verbose");
        var run = waited.Single(RunType);
        // One run alone: each round reads it, and nothing else reads it.
        var rounds = Rounds(waited);
        Assert.All(rounds, l => Assert.Contains(": reading each run (1 request)", l));
        Assert.Equal(rounds.Count, sentWaited(Get));
        Assert.Equal(1, sentWaited("POST /api/2.2/jobs/run-now"));
        Assert.Contains($"Started run {run.L("RunId")} of job {run.L("JobId")}.", waited.Verbose);
        Assert.Contains(waited.Verbose, l => l.StartsWith($"Run {run.L("RunId")} (", StringComparison.Ordinal) && l.Contains(run.S("RunPageUrl")!));

        // Without -Wait: written as run-now answers it, its ids.
        var (started, sentStarted) = Counted(shell, "$jobs | Invoke-DbxJobRun -Verbose");
        var now = started.Single(RunType);
        Assert.Equal(0, sentStarted(Get));
        Assert.Equal(1, sentStarted("POST /api/2.2/jobs/run-now"));
        Assert.Equal(shell.Run("$jobs[0].JobId").Output[0].BaseObject, now.P("JobId"));
        Assert.Null(now.P("LifeCycleState"));
        Assert.Contains($"Started run {now.L("RunId")} of job {now.L("JobId")} (not read: Get-DbxRun -RunId {now.L("RunId")} reads it).", started.Verbose);

        // A token given: the run is read, to check that the token started it, and written whole.
        var (checkedStart, sentChecked) = Counted(shell, $"$jobs | Invoke-DbxJobRun -IdempotencyToken 'checked-{Guid.NewGuid():N}' -Verbose");
        var whole = checkedStart.Single(RunType);
        Assert.Equal(1, sentChecked(Get));
        Assert.NotNull(whole.S("LifeCycleState"));
        Assert.Contains($"Started run {whole.L("RunId")} of job {whole.L("JobId")}: {whole.S("RunPageUrl")}", checkedStart.Verbose);
        shell.Run($"Wait-DbxRun -RunId {now.L("RunId")}, {whole.L("RunId")} | Out-Null").AssertNoErrors();
    }

    [Fact]
    public void A_token_of_another_jobs_active_run_with_Wait_is_an_error_when_the_wait_first_sees_it_and_it_is_not_waited_for()
    {
        using var shell = module.NewShell();
        MakeJobs(shell, 2, 30);
        shell.Set("token", $"scale-{Guid.NewGuid():N}");
        var first = shell.Run("$jobs[0] | Invoke-DbxJobRun -IdempotencyToken $token").Single(RunType);
        try
        {
            var result = shell.Run("$jobs[1] | Invoke-DbxJobRun -IdempotencyToken $token -Wait");
            Assert.Empty(result.Objects(RunType));
            var error = Assert.Single(result.Errors);
            Assert.StartsWith("IdempotencyTokenReused,", error.FullyQualifiedErrorId);
            Assert.StartsWith($"Job {shell.Run("$jobs[1].JobId").Output[0]} was not started: the workspace answered with run {first.L("RunId")}, a run of job {first.L("JobId")}",
                error.ErrorDetails.Message);
            // The other job's run was not waited for: it is still going.
            Assert.False((bool)shell.Run($"(Get-DbxRun -RunId {first.L("RunId")}).IsCompleted").Output[0].BaseObject);
        }
        finally
        {
            shell.Run($"Stop-DbxRun -RunId {first.L("RunId")} -Wait | Out-Null").AssertNoErrors();
        }
    }

    [Fact]
    public void Output_of_a_run_or_task_runs_piped_in_whole_reads_only_their_outputs_and_ids_still_read_the_run()
    {
        using var shell = module.NewShell();
        shell.Set("name", $"scale-{Guid.NewGuid():N}");
        shell.Run("""
            $job = New-DbxJob -Name $name -Task @(
              @{ task_key = 'x'; notebook_task = @{ notebook_path = '/x'; base_parameters = @{ exit = 'from x' } } },
              @{ task_key = 'y'; notebook_task = @{ notebook_path = '/y'; base_parameters = @{ exit = 'from y' } } })
            $run = $job | Invoke-DbxJobRun -Wait
            """).AssertNoErrors();
        var runId = shell.Run("$run.RunId").Output[0].BaseObject;
        shell.Run("$again = Get-DbxRun -RunId $run.RunId").AssertNoErrors();

        foreach (var script in new[] { "$run | Get-DbxRunOutput", "Get-DbxRunOutput -Run $run", "$run.Tasks | Get-DbxRunOutput", "$again | Get-DbxRunOutput", "Get-DbxRunOutput -TaskRun $again.Tasks" })
        {
            var (result, sent) = Counted(shell, script);
            var outputs = result.AssertNoErrors().Objects("DatabricksJobs.Models.RunOutput");
            Assert.Equal(["from x", "from y"], outputs.Select(o => o.S("Result")!).Order());
            Assert.All(outputs, o => Assert.Equal(runId, o.P("ParentRunId")));
            Assert.Equal(2, sent(GetOutput));
            Assert.Equal(0, sent(Get));
        }

        // Ids, and objects that only have a RunId, are read first to find their task runs.
        foreach (var script in new[] { "$run.RunId | Get-DbxRunOutput", "[pscustomobject]@{ RunId = $run.RunId } | Get-DbxRunOutput", "Get-DbxRunOutput $run.RunId" })
        {
            var (result, sent) = Counted(shell, script);
            Assert.Equal(2, result.AssertNoErrors().Objects("DatabricksJobs.Models.RunOutput").Count);
            Assert.Equal(1, sent(Get));
            Assert.Equal(2, sent(GetOutput));
        }
    }
}
