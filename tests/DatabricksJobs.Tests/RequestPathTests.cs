using System.Diagnostics;
using System.Management.Automation;
using System.Security;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Tests;

/// <summary>
/// The request path (issue 19): work started and waited on on the pipeline thread, verbose lines made only when seen, and
/// the next page read while the current one is written, stopping cleanly when the reader stops.
/// </summary>
public class RequestPathTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private const string JobsList = "GET /api/2.2/jobs/list";
    private const string RunsList = "GET /api/2.2/jobs/runs/list";

    /// <summary>Jobs enough for three pages of jobs/list (100 a page), and runs for three of runs/list (25 a page), made in the emulator directly.</summary>
    private (int Jobs, int Runs) Seed()
    {
        var workspace = module.Emulator.Workspace;
        var caller = new Caller(ModuleFixture.UserName, IsAdmin: true);
        return workspace.Locked(() =>
        {
            if (workspace.JobCount == 0)
            {
                long jobId = 0;
                for (var i = 0; i < 250; i++)
                {
                    jobId = workspace.CreateJob(new JsonObject
                    {
                        ["name"] = $"paged-{i}",
                        ["max_concurrent_runs"] = 100,
                        ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "main", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/p" } }),
                    }, caller);
                }
                for (var i = 0; i < 60; i++) workspace.RunNow(new RunNowRequest { JobId = jobId }, caller, module.Emulator.BaseUrl);
            }
            return (workspace.JobCount, workspace.RunCount);
        });
    }

    private long Requests(string route) => module.Sent(route);

    private static int Pages(int items, int perPage) => (items + perPage - 1) / perPage;

    [Fact]
    public void Verbose_lines_of_a_paged_listing_come_one_a_page_in_order()
    {
        var (jobs, _) = Seed();
        using var shell = module.NewShell();
        foreach (var script in new[] { "Get-DbxJob -Verbose", "$VerbosePreference = 'Continue'; Get-DbxJob", "Get-DbxJob -Debug -Verbose:$true" })
        {
            var result = shell.Run(script).AssertNoErrors();
            var lines = result.Verbose.Where(v => v.StartsWith(JobsList, StringComparison.Ordinal)).ToList();
            Assert.Equal(Pages(jobs, 100), lines.Count);
            Assert.DoesNotContain("page_token", lines[0]);
            Assert.All(lines.Skip(1), line => Assert.Contains("page_token=", line));
            Assert.Equal(lines.Count, lines.Distinct().Count());
            Assert.Equal(jobs, result.Objects("DatabricksJobs.Models.Job").Select(j => j.L("JobId")).Distinct().Count());
        }
    }

    [Theory]
    [InlineData("Get-DbxJob")]
    [InlineData("$VerbosePreference = 'Continue'; Get-DbxJob -Verbose:$false")]
    [InlineData("$VerbosePreference = 'SilentlyContinue'; Get-DbxJob 4>&1")]
    [InlineData("$VerbosePreference = 'Ignore'; Get-DbxJob")]
    public void No_verbose_line_is_written_when_verbose_is_off(string script)
    {
        var (jobs, _) = Seed();
        using var shell = module.NewShell();
        var result = shell.Run(script).AssertNoErrors();
        Assert.Empty(result.Verbose);
        Assert.Equal(jobs, result.Output.Count);
        Assert.All(result.Output, o => Assert.IsNotType<VerboseRecord>(o.BaseObject));
    }

    [Fact]
    public void Every_job_and_run_is_listed_once_over_several_pages_with_no_request_more_than_the_pages()
    {
        var (jobs, runs) = Seed();
        using var shell = module.NewShell();
        var (jobsBefore, runsBefore) = (Requests(JobsList), Requests(RunsList));
        var listed = shell.Run("Get-DbxJob").AssertNoErrors().Objects("DatabricksJobs.Models.Job").Select(j => j.L("JobId")).ToList();
        var listedRuns = shell.Run("Get-DbxRun").AssertNoErrors().Objects("DatabricksJobs.Models.Run").Select(r => r.L("RunId")).ToList();

        Assert.Equal(jobs, listed.Count);
        Assert.Equal(jobs, listed.Distinct().Count());
        Assert.Equal(runs, listedRuns.Count);
        Assert.Equal(runs, listedRuns.Distinct().Count());
        Assert.Equal(Pages(jobs, 100), Requests(JobsList) - jobsBefore);
        Assert.Equal(Pages(runs, 25), Requests(RunsList) - runsBefore);
    }

    [Fact]
    public void Runs_listed_share_one_string_for_each_state_type_and_user_name()
    {
        Seed();
        using var shell = module.NewShell();
        shell.Set("user", ModuleFixture.UserName);
        var result = shell.Run("""
            $runs = @(Get-DbxRun)
            # Two runs in the same state (the emulator may move some on between the pages), as far apart as they come.
            $first = $runs[0]
            $last = @($runs | Where-Object { $_.LifeCycleState -eq $first.LifeCycleState -and $_.RunId -ne $first.RunId })[-1]
            $null -ne $last
            [object]::ReferenceEquals($first.LifeCycleState, $last.LifeCycleState)
            [object]::ReferenceEquals($first.RunType, $last.RunType) -and [object]::ReferenceEquals($first.Trigger, $last.Trigger)
            [object]::ReferenceEquals($first.CreatorUserName, $last.CreatorUserName) -and $first.CreatorUserName -eq $user
            [object]::ReferenceEquals($first.Status.State, $last.Status.State)
            # Names are read as they come, each its own.
            -not [object]::ReferenceEquals($first.RunName, $last.RunName) -or $first.RunName -ne $last.RunName
            """).AssertNoErrors();

        Assert.All(result.Output, o => Assert.True((bool)o.BaseObject));
        Assert.Equal(6, result.Output.Count);
    }

    [Fact]
    public void Jobs_listed_share_one_string_for_each_setting_of_a_few_values_and_keep_their_own_names()
    {
        Seed();
        using var shell = module.NewShell();
        var result = shell.Run("""
            $jobs = @(Get-DbxJob | Where-Object { $_.Settings.Tasks.Count -eq 1 -and $_.Settings.Tasks[0].NotebookTask })
            $first = $jobs[0].Settings
            $last = $jobs[-1].Settings
            $jobs.Count -ge 2
            [object]::ReferenceEquals($first.Format, $last.Format) -and $first.Format -eq 'MULTI_TASK'
            [object]::ReferenceEquals($first.Tasks[0].RunIf, $last.Tasks[0].RunIf) -and $first.Tasks[0].RunIf -eq 'ALL_SUCCESS'
            [object]::ReferenceEquals($first.Tasks[0].NotebookTask.Source, $last.Tasks[0].NotebookTask.Source) -and $first.Tasks[0].NotebookTask.Source -eq 'WORKSPACE'
            # Names and paths are read as they come, each its own.
            -not [object]::ReferenceEquals($first.Name, $last.Name) -and -not [object]::ReferenceEquals($first.Tasks[0].NotebookTask.NotebookPath, $last.Tasks[0].NotebookTask.NotebookPath)
            """).AssertNoErrors();

        Assert.All(result.Output, o => Assert.True((bool)o.BaseObject));
        Assert.Equal(5, result.Output.Count);
    }

    [Theory]
    [InlineData("Get-DbxJob", JobsList, 3)]
    [InlineData("Get-DbxJob -Verbose", JobsList, 1)]
    [InlineData("Get-DbxRun", RunsList, 30)]
    public void A_reader_that_stops_early_leaves_no_request_beyond_the_page_read_ahead(string command, string route, int wanted)
    {
        Seed();
        using var shell = module.NewShell();
        var before = Requests(route);
        // Leaving the loop stops the pipeline as Select-Object -First does (this host has no Utility module): the listing is disposed mid-page.
        var result = shell.Run($"$n = 0; do {{ {command} | ForEach-Object {{ $_; if (++$n -eq {wanted}) {{ break }} }} }} while ($false)").AssertNoErrors();
        Thread.Sleep(300);
        var sent = Requests(route) - before;

        Assert.Equal(wanted, result.Output.Count);
        // The pages read, and at most the one asked for ahead.
        var read = route == JobsList ? Pages(wanted, 100) : Pages(wanted, 25);
        Assert.InRange(sent, read, read + 1);
        Thread.Sleep(300);
        Assert.Equal(sent, Requests(route) - before);
        Assert.Equal("ok", shell.Run("[GC]::Collect(); [GC]::WaitForPendingFinalizers(); 'ok'").AssertNoErrors().Output.Single().ToString());
    }

    [Fact]
    public void Ctrl_c_stops_a_request_at_once()
    {
        Seed();
        using var shell = module.NewShell();
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/list","delay_ms":15000,"count":1}""");
        try
        {
            var (ps, started) = shell.Start("Get-DbxJob");
            using (ps)
            {
                // The fault is used when the request arrives: it is then in flight, its answer 15 s away.
                module.WaitForFaultsUsed();
                var clock = Stopwatch.StartNew();
                ps.Stop();
                // The answer is 15 s away: a stop that waited for it would take 14 s or more; the bound leaves room for a
                // loaded machine.
                Assert.True(started.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)));
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"Stopping took {clock.Elapsed}.");
                Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
            }
        }
        finally
        {
            module.ClearFaults();
        }
    }

    [Fact]
    public void Ctrl_c_while_a_page_is_written_stops_at_once_and_ends_the_page_read_ahead()
    {
        var (jobs, _) = Seed();
        using var shell = module.NewShell();
        using var writing = new ManualResetEventSlim();
        shell.Set("writing", writing);
        var before = Requests(JobsList);
        var (ps, started) = shell.Start("Get-DbxJob | ForEach-Object { $writing.Set(); Start-Sleep -Milliseconds 200 }");
        using (ps)
        {
            Assert.True(writing.Wait(TimeSpan.FromSeconds(20)));
            var clock = Stopwatch.StartNew();
            ps.Stop();
            // A stop that let the page be written out would take 19.8 s or more (99 objects at 200 ms).
            Assert.True(started.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(10)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Stopping took {clock.Elapsed}.");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        }
        Thread.Sleep(300);
        Assert.InRange(Requests(JobsList) - before, 1, 2);
        Assert.True(Pages(jobs, 100) > 2);
    }

    [Fact]
    public void The_time_given_ends_a_listing_whose_next_page_does_not_come()
    {
        Seed();
        using var shell = module.NewShell();
        shell.Set("name", "paged-7");
        module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/list","delay_ms":15000,"count":1}""");
        try
        {
            var clock = Stopwatch.StartNew();
            var error = shell.Run("Invoke-DbxJobRun -JobName $name -Wait -Timeout 2").FirstError();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"It took {clock.Elapsed}.");
            Assert.Contains("the time given (-Timeout) ran out", error.ToString());
        }
        finally
        {
            module.ClearFaults();
        }
    }

    [Fact]
    public void An_access_token_script_block_refreshes_on_the_pipeline_thread_for_a_page_read_ahead()
    {
        var (jobs, _) = Seed();
        using var shell = module.NewShell(connect: false);
        shell.Set("dbxUrl", module.Emulator.BaseUrl);
        shell.Set("token", ModuleFixture.Token);
        shell.Set("arm", new Action(() => module.ArmFault("""{"method":"GET","path":"/api/2.2/jobs/list","status":401,"count":1}""")));
        var result = shell.Run("""
            $threads = [System.Collections.Generic.List[int]]::new()
            Connect-DbxWorkspace -WorkspaceUrl $dbxUrl -AccessToken { $threads.Add([Threading.Thread]::CurrentThread.ManagedThreadId); $token } | Out-Null
            $pipelineThread = [Threading.Thread]::CurrentThread.ManagedThreadId
            $listed = Get-DbxJob -Verbose | ForEach-Object -Begin { $n = 0 } -Process { if (++$n -eq 1) { $arm.Invoke() }; $_ }
            $listed.Count; $threads.Count; @($threads | Where-Object { $_ -ne $pipelineThread }).Count
            """).AssertNoErrors();

        Assert.Equal([jobs, 2, 0], result.Output.Select(o => Convert.ToInt32(o.BaseObject)));
        Assert.Contains(result.Verbose, v => v.Contains("refused the access token") && v.Contains("getting a new one"));
    }

    /// <summary>
    /// The client asks for the JSON metadata of an answer's type only once the answer has come, so that in a cold process
    /// the first request goes out while the warm-up still makes that metadata (bench/README.md, cold start), not after it.
    /// The engine is the one the module loaded, reached by reflection; the answer is read into a type of this test's own.
    /// </summary>
    [Fact]
    public async Task The_type_of_an_answer_is_asked_for_once_the_answer_has_come()
    {
        using var shell = module.NewShell(connect: false);
        var engine = ((Type)shell.Run("[DatabricksJobs.Models.Job]").AssertNoErrors().Output.Single().BaseObject).Assembly;
        using var token = new SecureString();
        foreach (var c in ModuleFixture.Token) token.AppendChar(c);
        var credential = Activator.CreateInstance(engine.GetType("DatabricksJobs.Client.Auth.StaticTokenCredential", throwOnError: true)!, token, "PersonalAccessToken");
        using var client = (IDisposable)Activator.CreateInstance(engine.GetType("DatabricksJobs.Client.DatabricksClient", throwOnError: true)!,
            new Uri(module.Emulator.BaseUrl), credential, null, null)!;
        var context = Activator.CreateInstance(engine.GetType("DatabricksJobs.Client.CallContext", throwOnError: true)!, null, CancellationToken.None, null, null);

        const string route = "GET /api/2.0/preview/scim/v2/Me";
        var before = Requests(route);
        long? answeredWhenAsked = null;
        Func<JsonTypeInfo<ScimMe>> type = () =>
        {
            answeredWhenAsked = Requests(route) - before;
            return ScimMeJson.Default.ScimMe;
        };
        var get = client.GetType().GetMethod("GetAsync")!.MakeGenericMethod(typeof(ScimMe));
        var me = await (Task<ScimMe>)get.Invoke(client, ["/api/2.0/preview/scim/v2/Me", null, type, context])!;

        Assert.Equal(ModuleFixture.UserName, me.UserName);
        Assert.Equal(1, answeredWhenAsked);
    }
}

/// <summary>What the test above reads of preview/scim/v2/Me.</summary>
public sealed class ScimMe
{
    public string? UserName { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScimMe))]
internal sealed partial class ScimMeJson : JsonSerializerContext;
