using System.Net;
using DatabricksJobs.Emulator.Hosting;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

public class ForEachTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly ApiClient _api = emulator.Admin;
    private const string Api = ApiClient.Api;

    /// <summary>A for-each task "loop" that runs the notebook task "item" once per input.</summary>
    private static JsonObject ForEach(string inputs, int? concurrency = null, Dictionary<string, string>? parameters = null)
    {
        var forEach = new JsonObject { ["inputs"] = inputs, ["task"] = Notebook("item", parameters) };
        if (concurrency is { } c) forEach["concurrency"] = c;
        return new JsonObject { ["task_key"] = "loop", ["for_each_task"] = forEach };
    }

    private static JsonNode Counts(JsonNode forEachTask) => forEachTask["for_each_task"]!["stats"]!["task_run_stats"]!;

    [Fact]
    public async Task A_for_each_task_runs_its_nested_task_once_per_input_and_its_task_run_lists_the_iterations()
    {
        var jobId = await _api.CreateJobAsync(Job("for-each", ForEach("""["a","b","c"]""", 2, new() { ["exit"] = "{{input}}" })));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));

        Assert.Equal("SUCCESS", run.Result());
        var loop = Assert.Single(run["tasks"]!.AsArray())!;
        Assert.Equal("SUCCESS", loop.Result());
        Assert.Equal(3, Counts(loop)["total_iterations"]!.GetValue<int>());
        Assert.Equal(3, Counts(loop)["succeeded_iterations"]!.GetValue<int>());
        Assert.Equal(0, Counts(loop)["failed_iterations"]!.GetValue<int>());
        Assert.Null(run["iterations"]);

        var taskRun = await _api.GetRunAsync(loop["run_id"].Long());
        Assert.Equal(loop["run_id"].Long(), Assert.Single(taskRun["tasks"]!.AsArray())!["run_id"].Long());
        var iterations = taskRun["iterations"]!.AsArray();
        Assert.Equal(["a", "b", "c"], iterations.Select(i => i!["notebook_task"]!["base_parameters"]!["exit"].Str()));
        Assert.All(iterations, i => Assert.Equal("item", i!["task_key"].Str()));
        Assert.All(iterations, i => Assert.Equal("SUCCESS", i!.Result()));
        Assert.Equal(3, iterations.Select(i => i!["run_id"].Long()).Distinct().Count());

        var output = (await _api.GetAsync($"{Api}/jobs/runs/get-output?run_id={iterations[1]!["run_id"].Long()}")).Ok();
        Assert.Equal("b", output["notebook_output"]!["result"].Str());
    }

    [Fact]
    public async Task Iterations_run_at_most_concurrency_at_a_time()
    {
        var jobId = await _api.CreateJobAsync(Job("for-each-concurrency", ForEach("[1,2,3,4,5]", 2)));
        var runId = await _api.RunNowAsync(jobId);
        var mostActive = 0;
        var run = await _api.WaitForAsync(runId, r =>
        {
            if (r["tasks"]![0]!["for_each_task"]!["stats"] is { } stats) mostActive = Math.Max(mostActive, stats["task_run_stats"]!["active_iterations"]!.GetValue<int>());
            return r.LifeCycle() == "TERMINATED";
        });
        Assert.Equal("SUCCESS", run.Result());
        Assert.Equal(2, mostActive);
    }

    [Fact]
    public async Task A_failed_iteration_fails_the_for_each_task_and_the_run()
    {
        var jobId = await _api.CreateJobAsync(Job("for-each-failure", ForEach("""["false","true","false"]""", 3, new() { ["fail"] = "{{input}}" })));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));

        Assert.Equal("FAILED", run.Result());
        var loop = run["tasks"]![0]!;
        Assert.Equal("FAILED", loop.Result());
        Assert.Equal(1, Counts(loop)["failed_iterations"]!.GetValue<int>());
        Assert.Equal(2, Counts(loop)["succeeded_iterations"]!.GetValue<int>());
        Assert.Equal(1, loop["for_each_task"]!["stats"]!["error_message_stats"]![0]!["count"]!.GetValue<int>());
        Assert.Contains("1 of 3 iterations", loop["state"]!["state_message"].Str());
    }

    [Fact]
    public async Task Inputs_can_name_a_job_parameter_and_inputs_that_are_no_array_fail_the_task()
    {
        var settings = Job("for-each-parameter", ForEach("{{job.parameters.items}}", 10));
        settings["parameters"] = new JsonArray(new JsonObject { ["name"] = "items", ["default"] = "[1,2]" });
        var jobId = await _api.CreateJobAsync(settings);

        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId, new JsonObject { ["job_parameters"] = new JsonObject { ["items"] = "[1,2,3,4]" } }));
        Assert.Equal(4, Counts(run["tasks"]![0]!)["total_iterations"]!.GetValue<int>());

        run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId, new JsonObject { ["job_parameters"] = new JsonObject { ["items"] = "not json" } }));
        Assert.Equal("FAILED", run["tasks"]![0]!.Result());
    }

    [Fact]
    public async Task Cancel_ends_the_running_iterations_CANCELED()
    {
        var jobId = await _api.CreateJobAsync(Job("for-each-cancel", ForEach("[1,2,3]", 1, new() { ["sleep_seconds"] = "30" })));
        var runId = await _api.RunNowAsync(jobId);
        var running = await _api.WaitForAsync(runId, r => r["tasks"]![0]!.LifeCycle() == "RUNNING");
        (await _api.PostAsync($"{Api}/jobs/runs/cancel", new JsonObject { ["run_id"] = runId })).Ok();
        var run = await _api.WaitForRunAsync(runId);

        Assert.Equal("CANCELED", run.Result());
        var iterations = (await _api.GetRunAsync(running["tasks"]![0]!["run_id"].Long()))["iterations"]!.AsArray();
        Assert.All(iterations, i => Assert.Equal("CANCELED", i!.Result()));
    }

    [Fact]
    public async Task Api_2_2_pages_iterations_and_job_clusters_and_repeats_the_for_each_task_on_each_page()
    {
        var settings = Job("for-each-pages", ForEach($"[{string.Join(",", Enumerable.Range(0, 150))}]", 100));
        settings["job_clusters"] = new JsonArray(Enumerable.Range(0, 120)
            .Select(i => (JsonNode)new JsonObject { ["job_cluster_key"] = $"c{i}", ["new_cluster"] = new JsonObject { ["num_workers"] = 1 } }).ToArray());
        var jobId = await _api.CreateJobAsync(settings);
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));
        var taskRunId = run["tasks"]![0]!["run_id"].Long();

        var first = (await _api.GetAsync($"{Api}/jobs/runs/get?run_id={taskRunId}")).Ok();
        Assert.Equal(100, first["iterations"]!.AsArray().Count);
        Assert.Equal(100, first["job_clusters"]!.AsArray().Count);
        Assert.Equal(taskRunId, Assert.Single(first["tasks"]!.AsArray())!["run_id"].Long());
        var second = (await _api.GetAsync($"{Api}/jobs/runs/get?run_id={taskRunId}&page_token={first["next_page_token"].Str()}")).Ok();
        Assert.Equal(50, second["iterations"]!.AsArray().Count);
        Assert.Equal(20, second["job_clusters"]!.AsArray().Count);
        Assert.Equal(taskRunId, Assert.Single(second["tasks"]!.AsArray())!["run_id"].Long());
        Assert.Null(second["next_page_token"]);
        var ids = first["iterations"]!.AsArray().Concat(second["iterations"]!.AsArray()).Select(i => i!["run_id"].Long()).ToList();
        Assert.Equal(150, ids.Distinct().Count());

        var whole = (await _api.GetAsync($"/api/2.1/jobs/runs/get?run_id={taskRunId}")).Ok();
        Assert.Equal(150, whole["iterations"]!.AsArray().Count);
        Assert.Null(whole["next_page_token"]);
    }

    [Fact]
    public async Task Iterations_survive_a_restart_with_a_state_file()
    {
        var directory = Directory.CreateTempSubdirectory("emulator-for-each-").FullName;
        try
        {
            var options = EmulatorFixture.TestOptions();
            options.StateFile = Path.Combine(directory, "state.json");
            long taskRunId;
            string before;
            await using (var server = await EmulatorServer.StartAsync(options))
            {
                using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
                var run = await api.WaitForRunAsync(await api.RunNowAsync(await api.CreateJobAsync(Job("for-each-state", ForEach("[1,2]", 2)))));
                taskRunId = run["tasks"]![0]!["run_id"].Long();
                before = (await api.GetRunAsync(taskRunId)).ToJsonString();
            }
            await using var restarted = await EmulatorServer.StartAsync(options);
            using var again = new ApiClient(restarted.BaseUrl, EmulatorFixture.AdminToken);
            var after = await again.GetRunAsync(taskRunId);
            Assert.Equal(before, after.ToJsonString());
            (await again.GetAsync($"{Api}/jobs/runs/get-output?run_id={after["iterations"]![1]!["run_id"].Long()}")).Ok();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("""{"inputs":"[1]","concurrency":0,"task":{"task_key":"item","notebook_task":{"notebook_path":"/x"}}}""")]
    [InlineData("""{"inputs":"[1]"}""")]
    [InlineData("""{"task":{"task_key":"item","notebook_task":{"notebook_path":"/x"}}}""")]
    [InlineData("""{"inputs":"[1]","task":{"task_key":"item","for_each_task":{"inputs":"[1]","task":{"task_key":"x","notebook_task":{"notebook_path":"/x"}}}}}""")]
    [InlineData("""{"inputs":"[1]","task":{"task_key":"item"}}""")]
    public async Task A_for_each_task_without_inputs_or_a_valid_nested_task_is_refused(string forEach)
    {
        var settings = Job("bad-for-each", new JsonObject { ["task_key"] = "loop", ["for_each_task"] = JsonNode.Parse(forEach) });
        (await _api.PostAsync($"{Api}/jobs/create", settings)).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }
}
