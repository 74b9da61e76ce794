using System.Diagnostics;
using System.Reflection;
using System.Management.Automation;

namespace DatabricksJobs.Tests;

/// <summary>
/// The per-host pacing every session and runspace of the process shares (HostPacer), and the HTTP machinery they share.
/// A hold a test sets lasts for its host for the rest of the process, so a test that holds a host for long starts a
/// fixture of its own (ModuleFixture.StartAsync: an emulator, a host scheme://host:port, of its own).
/// </summary>
public class PacingTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string JobType = "DatabricksJobs.Models.Job";

    private static long Throttled(ModuleFixture host) => host.Stats()["by_status"]?["429"]?.GetValue<long>() ?? 0;

    /// <summary>Waits (at most 30 s) until <paramref name="ps"/>'s verbose line says a 429 came: the pacer heard of it before that line.</summary>
    private static void UntilThrottled(PowerShell ps) => Until(ps, line => line.Contains("-> 429"), "no 429 was answered");

    /// <summary>Waits (at most 30 s) for a verbose line of <paramref name="ps"/>, a command still running, that <paramref name="said"/> matches.</summary>
    private static void Until(PowerShell ps, Func<string, bool> said, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (!Enumerable.Range(0, ps.Streams.Verbose.Count).Any(i => said(ps.Streams.Verbose[i].Message)))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), failure);
            Thread.Sleep(20);
        }
    }

    [Fact]
    public void The_pace_a_429_sets_is_the_answers_of_the_second_before_it_however_many_came()
    {
        // HostPacer itself (internal to the engine the module loaded): more answers in a second than its ring first holds.
        using var shell = module.NewShell();
        var engine = ((Type)shell.Run("[DatabricksJobs.Models.Job]").AssertNoErrors().Output.Single().BaseObject).Assembly;
        var pacerType = engine.GetType("DatabricksJobs.Client.HostPacer", throwOnError: true)!;
        var pacer = pacerType.GetMethod("For")!.Invoke(null, [$"http://pace-{Guid.NewGuid():N}.test:443"])!;
        object? Call(string name, params object?[] args) => pacerType.GetMethod(name)!.Invoke(pacer, args);
        TimeSpan Wait(object turn) => (TimeSpan)turn.GetType().GetProperty("Wait")!.GetValue(turn)!;

        for (var i = 0; i < 200; i++) Call("Answered");
        Call("Throttled", new object?[] { null });

        Assert.Equal(200.0, pacerType.GetField("_perSecond", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(pacer));
        // The first request after it goes at once, and places the next one a 200th of a second later.
        var before = Stopwatch.GetTimestamp();
        Assert.Equal(TimeSpan.Zero, Wait(Call("Turn", true)!));
        var after = Stopwatch.GetTimestamp();
        var nextStart = (long)pacerType.GetField("_nextStart", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(pacer)!;
        Assert.InRange(nextStart, before + Stopwatch.Frequency / 200, after + Stopwatch.Frequency / 200);
    }

    [Fact]
    public async Task A_429_with_Retry_After_holds_the_other_runspaces_requests_to_that_host_and_not_to_another_host()
    {
        await using var throttled = await ModuleFixture.StartAsync();
        using var first = throttled.NewShell();
        using var second = throttled.NewShell();
        using var elsewhere = module.NewShell();
        throttled.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/list","status":429,"count":1,"retry_after_seconds":2}""");

        var (ps, pending) = first.Start("Get-DbxJob -Verbose");
        using (ps)
        {
            UntilThrottled(ps);
            var held = second.Run("Get-DbxJob -Verbose").AssertNoErrors();
            var other = elsewhere.Run("Get-DbxJob -Verbose").AssertNoErrors();
            Assert.True(pending.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the throttled list did not end");
            ps.EndInvoke(pending);

            // The throttled request waited as Retry-After asked; the other runspace's was held for it, not sent to a 429 of its own.
            Assert.Empty(ps.Streams.Error);
            Assert.Contains(ps.Streams.Verbose, v => v.Message.StartsWith("Retrying in 2000 ms"));
            // (It may then wait its turn in the pace the 429 set, behind the throttled request's retry: a second Holding line.)
            var origin = new Uri(throttled.Emulator.BaseUrl).GetLeftPart(UriPartial.Authority);
            Assert.Contains(held.Verbose, v => v.StartsWith("Holding GET /api/2.2/jobs/list") && v.EndsWith($"{origin} asked to wait (429, Retry-After)."));
            Assert.DoesNotContain(held.Verbose, v => v.Contains("-> 429"));
            // Another host is not held.
            Assert.DoesNotContain(other.Verbose, v => v.StartsWith("Holding"));
        }
    }

    [Fact]
    public async Task Two_sessions_of_one_runspace_to_one_host_share_the_pace_a_429_sets()
    {
        await using var throttled = await ModuleFixture.StartAsync();
        using var shell = throttled.NewShell(connect: false);
        shell.Set("dbxUrl", throttled.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        shell.Run("$a = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name a; $b = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name b").AssertNoErrors();
        throttled.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/list","status":429,"count":1,"retry_after_seconds":1}""");

        var a = shell.Run("Get-DbxJob -Session $a -Verbose").AssertNoErrors();
        var b = shell.Run("1..3 | ForEach-Object { Get-DbxJob -Session $b -Verbose }").AssertNoErrors();

        // Session a met the 429 and waited it out; session b's requests, right after, keep the pace it set for the host.
        Assert.Single(a.Verbose, v => v.Contains("-> 429"));
        Assert.Contains(b.Verbose, v => v.StartsWith("Holding GET /api/2.2/jobs/list") && v.Contains("a second since it answered 429"));
        Assert.DoesNotContain(b.Verbose, v => v.Contains("-> 429"));
    }

    [Fact]
    public async Task The_deadline_cuts_a_held_request_and_Ctrl_C_stops_one()
    {
        await using var throttled = await ModuleFixture.StartAsync();
        using var first = throttled.NewShell();
        using var second = throttled.NewShell();
        second.Run("$job = New-DbxJob -Name held -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }").AssertNoErrors();
        throttled.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/list","status":429,"count":1,"retry_after_seconds":60}""");

        var (ps, pending) = first.Start("Get-DbxJob -Verbose");
        using (ps)
        {
            UntilThrottled(ps);

            // -Timeout: the hold would pass the deadline, so the request waits until then and is not sent.
            var clock = Stopwatch.StartNew();
            var timedOut = second.Run("$job | Invoke-DbxJobRun -Timeout 2 -Verbose");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the wait took {clock.Elapsed}");
            Assert.NotEmpty(timedOut.Errors);
            Assert.Contains(timedOut.Verbose, v => v.StartsWith("Holding POST /api/2.2/jobs/run-now") && v.Contains("would pass the time given"));
            Assert.Contains("-Timeout", timedOut.FirstError().ToString());

            // Ctrl+C ends a held request at once.
            var (held, heldPending) = second.Start("Get-DbxJob -JobId $job.JobId -Verbose");
            using (held)
            {
                Until(held, line => line.StartsWith("Holding GET /api/2.2/jobs/get"), "the request was not held");
                clock.Restart();
                held.Stop();
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the stop took {clock.Elapsed}");
                Assert.True(heldPending.IsCompleted);
                Assert.Equal(System.Management.Automation.PSInvocationState.Stopped, held.InvocationStateInfo.State);
            }
            ps.Stop();
        }
    }

    [Fact]
    public void Disconnecting_one_session_leaves_the_others_to_the_same_host_working()
    {
        using var shell = module.NewShell(connect: false);
        using var other = module.NewShell();
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("dbxToken", ModuleFixture.SecureToken(ModuleFixture.Token));
        shell.Run("""
            $a = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name a
            $b = Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken -Name b
            $job = New-DbxJob -Session $a -Name shared -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }
            """).AssertNoErrors();

        shell.Run("Disconnect-DbxWorkspace -Session $a").AssertNoErrors();

        Assert.Single(shell.Run("Get-DbxJob -Session $b -JobId $job.JobId").AssertNoErrors().Objects(JobType));
        other.Set("jobId", shell.Run("$job.JobId").Output[0].BaseObject);
        Assert.Single(other.Run("Get-DbxJob -JobId $jobId").AssertNoErrors().Objects(JobType));
        var gone = shell.Run("Get-DbxJob -Session $a -JobId $job.JobId");
        Assert.StartsWith("SessionDisconnected,", gone.FirstError().FullyQualifiedErrorId);
    }

    [Fact]
    public async Task A_burst_from_two_runspaces_against_a_rate_limit_ends_without_errors_and_is_paced()
    {
        await using var limited = await ModuleFixture.StartAsync(options => options.RateLimitPerSecond = 20);
        using var first = limited.NewShell();
        using var second = limited.NewShell();
        first.Run("$job = New-DbxJob -Name burst -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }").AssertNoErrors();
        second.Set("job", first.Get("job"));

        const string Burst = "1..60 | ForEach-Object { Get-DbxJob -JobId $job.JobId -Verbose }";
        var (ps, pending) = first.Start(Burst);
        var result = second.Run(Burst).AssertNoErrors();
        using (ps)
        {
            Assert.True(pending.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(60)), "the burst did not end");
            var output = ps.EndInvoke(pending);
            Assert.Empty(ps.Streams.Error);
            Assert.Equal(60, output.Count);
            Assert.Equal(60, result.Objects(JobType).Count);
            var verbose = result.Verbose.Concat(ps.Streams.Verbose.Select(v => v.Message)).ToList();
            Assert.True(Throttled(limited) > 0);
            Assert.Contains(verbose, v => v.StartsWith("Holding GET /api/2.2/jobs/get") && v.Contains("a second since it answered 429"));
        }
    }
}
