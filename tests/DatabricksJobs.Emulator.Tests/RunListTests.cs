using System.Net;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

public class RunListTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly ApiClient _api = emulator.Admin;
    private const string Api = ApiClient.Api;

    private async Task<long> JobWithRunsAsync(int finished, int active)
    {
        var settings = Job($"list-{Guid.NewGuid():N}", Notebook("a"));
        settings["max_concurrent_runs"] = 100;
        var jobId = await _api.CreateJobAsync(settings);
        var runs = new List<long>();
        for (var i = 0; i < finished; i++)
        {
            runs.Add(await _api.RunNowAsync(jobId));
            await Task.Delay(2); // distinct start times, so start_time filters can tell runs apart
        }
        foreach (var run in runs) await _api.WaitForRunAsync(run);
        for (var i = 0; i < active; i++)
            await _api.RunNowAsync(jobId, new JsonObject { ["notebook_params"] = new JsonObject { ["sleep_seconds"] = "60" } });
        return jobId;
    }

    private async Task<List<JsonNode>> AllPagesAsync(string query)
    {
        var runs = new List<JsonNode>();
        string? token = null;
        do
        {
            var page = (await _api.GetAsync($"{Api}/jobs/runs/list?{query}" + (token is null ? "" : $"&page_token={token}"))).Ok();
            runs.AddRange(page["runs"]?.AsArray().Select(r => r!) ?? []);
            token = page["next_page_token"]?.GetValue<string>();
        } while (token is not null);
        return runs;
    }

    [Fact]
    public async Task Runs_are_listed_newest_first_over_pages_without_repeats()
    {
        var jobId = await JobWithRunsAsync(finished: 12, active: 0);
        var runs = await AllPagesAsync($"job_id={jobId}&limit=5");
        var ids = runs.Select(r => r["run_id"].Long()).ToList();
        Assert.Equal(12, ids.Count);
        Assert.Equal(ids.Distinct(), ids);
        Assert.Equal(ids.OrderByDescending(i => i), ids);
        Assert.True(runs.Zip(runs.Skip(1)).All(p => p.First["start_time"].Long() >= p.Second["start_time"].Long()));
        Assert.Null(runs[0]["tasks"]);

        var firstPage = (await _api.GetAsync($"{Api}/jobs/runs/list?job_id={jobId}&limit=5")).Ok();
        Assert.True(firstPage["has_more"]!.GetValue<bool>());
        var offsetPage = (await _api.GetAsync($"{Api}/jobs/runs/list?job_id={jobId}&limit=5&offset=5")).Ok();
        Assert.Equal(ids.Skip(5).Take(5), offsetPage["runs"]!.AsArray().Select(r => r!["run_id"].Long()));
    }

    [Fact]
    public async Task Active_only_and_completed_only_split_the_runs()
    {
        var jobId = await JobWithRunsAsync(finished: 2, active: 3);
        var active = await AllPagesAsync($"job_id={jobId}&active_only=true");
        var completed = await AllPagesAsync($"job_id={jobId}&completed_only=true");
        Assert.Equal(3, active.Count);
        Assert.Equal(2, completed.Count);
        Assert.All(active, r => Assert.NotEqual("TERMINATED", r.LifeCycle()));
        Assert.All(completed, r => Assert.Equal("TERMINATED", r.LifeCycle()));

        var workspaceActive = await AllPagesAsync("active_only=true&limit=1");
        Assert.Superset(active.Select(r => r["run_id"].Long()).ToHashSet(), workspaceActive.Select(r => r["run_id"].Long()).ToHashSet());

        (await _api.GetAsync($"{Api}/jobs/runs/list?job_id={jobId}&active_only=true&completed_only=true"))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync($"{Api}/jobs/runs/cancel-all", new JsonObject { ["job_id"] = jobId })).Ok();
    }

    [Fact]
    public async Task Run_type_start_time_and_expand_tasks_filter_and_shape_the_list()
    {
        var jobId = await JobWithRunsAsync(finished: 2, active: 0);
        var submitted = (await _api.PostAsync($"{Api}/jobs/runs/submit", new JsonObject { ["tasks"] = new JsonArray(Notebook("x")) })).Ok()["run_id"].Long();

        var submitRuns = await AllPagesAsync("run_type=SUBMIT_RUN");
        Assert.Contains(submitted, submitRuns.Select(r => r["run_id"].Long()));
        Assert.All(submitRuns, r => Assert.Equal("SUBMIT_RUN", r["run_type"].Str()));

        var all = await AllPagesAsync($"job_id={jobId}&expand_tasks=true");
        Assert.All(all, r => Assert.Single(r["tasks"]!.AsArray()));
        var newest = all[0]["start_time"].Long();
        var fromNewest = await AllPagesAsync($"job_id={jobId}&start_time_from={newest}");
        Assert.Equal([all[0]["run_id"].Long()], fromNewest.Select(r => r["run_id"].Long()));
        var toOldest = await AllPagesAsync($"job_id={jobId}&start_time_to={newest - 1}");
        Assert.DoesNotContain(all[0]["run_id"].Long(), toOldest.Select(r => r["run_id"].Long()));

        (await _api.GetAsync($"{Api}/jobs/runs/list?run_type=NIGHTLY")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Theory]
    [InlineData("limit=26")]
    [InlineData("limit=-1")]
    [InlineData("offset=-3")]
    [InlineData("active_only=maybe")]
    [InlineData("start_time_from=yesterday")]
    public async Task Bad_list_parameters_are_400(string query)
    {
        (await _api.GetAsync($"{Api}/jobs/runs/list?{query}")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Limit_zero_means_the_maximum_of_25()
    {
        var jobId = await JobWithRunsAsync(finished: 26, active: 0);
        var page = (await _api.GetAsync($"{Api}/jobs/runs/list?job_id={jobId}&limit=0")).Ok();
        Assert.Equal(25, page["runs"]!.AsArray().Count);
        Assert.True(page["has_more"]!.GetValue<bool>());
        var defaultPage = (await _api.GetAsync($"{Api}/jobs/runs/list?job_id={jobId}")).Ok();
        Assert.Equal(20, defaultPage["runs"]!.AsArray().Count);
    }

    [Fact]
    public async Task Api_2_2_pages_the_tasks_of_a_run_with_more_than_100_tasks()
    {
        var tasks = Enumerable.Range(0, 130).Select(i => Notebook($"t{i:000}")).ToArray();
        var settings = Job($"big-run-{Guid.NewGuid():N}", tasks);
        var jobId = await _api.CreateJobAsync(settings);
        var runId = await _api.RunNowAsync(jobId);

        var first = (await _api.GetAsync($"/api/2.2/jobs/runs/get?run_id={runId}")).Ok();
        Assert.Equal(100, first["tasks"]!.AsArray().Count);
        var second = (await _api.GetAsync($"/api/2.2/jobs/runs/get?run_id={runId}&page_token={first["next_page_token"].Str()}")).Ok();
        Assert.Equal(30, second["tasks"]!.AsArray().Count);
        Assert.Null(second["next_page_token"]);
        Assert.Equal(130, (await _api.GetAsync($"/api/2.1/jobs/runs/get?run_id={runId}")).Ok()["tasks"]!.AsArray().Count);

        var listed = (await _api.GetAsync($"/api/2.2/jobs/runs/list?job_id={jobId}&expand_tasks=true")).Ok()["runs"]![0]!;
        Assert.Equal(100, listed["tasks"]!.AsArray().Count);
        Assert.True(listed["has_more"]!.GetValue<bool>());
        await _api.WaitForRunAsync(runId);
    }
}
