using System.Net;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

public class RepairTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly ApiClient _api = emulator.Admin;
    private const string Api = ApiClient.Api;

    private async Task<(long JobId, long RunId, JsonNode Run)> FailedRunAsync()
    {
        var jobId = await _api.CreateJobAsync(Job("repairable",
            Notebook("ingest"), Notebook("transform", new() { ["fail"] = "true" }, "ingest"), Notebook("publish", null, "transform")));
        var runId = await _api.RunNowAsync(jobId);
        var run = await _api.WaitForRunAsync(runId);
        Assert.Equal("FAILED", run.Result());
        return (jobId, runId, run);
    }

    private Task<ApiResponse> RepairAsync(long runId, JsonObject body)
    {
        body["run_id"] = runId;
        return _api.PostAsync($"{Api}/jobs/runs/repair", body);
    }

    [Fact]
    public async Task Repairing_all_failed_tasks_with_new_parameters_makes_the_run_succeed()
    {
        var (_, runId, before) = await FailedRunAsync();
        var oldIds = before.TasksByKey().ToDictionary(kv => kv.Key, kv => kv.Value["run_id"].Long());

        var repairId = (await RepairAsync(runId, new JsonObject
        {
            ["rerun_all_failed_tasks"] = true,
            ["notebook_params"] = new JsonObject { ["fail"] = "false" },
        })).Ok()["repair_id"].Long();
        Assert.True(repairId > 0);
        Assert.NotEqual("TERMINATED", (await _api.GetRunAsync(runId)).LifeCycle());

        var after = await _api.WaitForRunAsync(runId, query: "&include_history=true");
        var tasks = after.TasksByKey();
        Assert.Equal("SUCCESS", after.Result());
        Assert.Equal(oldIds["ingest"], tasks["ingest"]["run_id"].Long());
        Assert.NotEqual(oldIds["transform"], tasks["transform"]["run_id"].Long());
        Assert.NotEqual(oldIds["publish"], tasks["publish"]["run_id"].Long());
        Assert.All(tasks.Values, t => Assert.Equal("SUCCESS", t.Result()));

        var history = after["repair_history"]!.AsArray();
        Assert.Equal(["ORIGINAL", "REPAIR"], history.Select(h => h!["type"].Str()));
        Assert.Equal("FAILED", history[0]!.Result());
        Assert.Equal("SUCCESS", history[1]!.Result());
        Assert.Equal(repairId, history[1]!["id"].Long());
        Assert.Equal(
            new[] { tasks["transform"]["run_id"].Long(), tasks["publish"]["run_id"].Long() }.Order(),
            history[1]!["task_run_ids"]!.AsArray().Select(id => id.Long()).Order());
        Assert.Contains(oldIds["transform"], history[0]!["task_run_ids"]!.AsArray().Select(id => id.Long()));

        // The replaced task run is still readable by its id.
        var oldOutput = (await _api.GetAsync($"{Api}/jobs/runs/get-output?run_id={oldIds["transform"]}")).Ok();
        Assert.Equal("FAILED", oldOutput["metadata"]!.Result());
    }

    [Fact]
    public async Task A_second_repair_must_name_the_latest_repair()
    {
        var (_, runId, _) = await FailedRunAsync();
        var firstRepair = (await RepairAsync(runId, new JsonObject { ["rerun_all_failed_tasks"] = true })).Ok()["repair_id"].Long();
        var failedAgain = await _api.WaitForRunAsync(runId);
        Assert.Equal("FAILED", failedAgain.Result());

        var missing = await RepairAsync(runId, new JsonObject { ["rerun_all_failed_tasks"] = true });
        missing.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("The latest repair ID needs to be provided", missing.Json!["message"].Str());
        (await RepairAsync(runId, new JsonObject { ["rerun_all_failed_tasks"] = true, ["latest_repair_id"] = firstRepair + 1000 }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        var second = (await RepairAsync(runId, new JsonObject
        {
            ["rerun_all_failed_tasks"] = true,
            ["latest_repair_id"] = firstRepair,
            ["notebook_params"] = new JsonObject { ["fail"] = "false" },
        })).Ok()["repair_id"].Long();
        var run = await _api.WaitForRunAsync(runId, query: "&include_history=true");
        Assert.Equal("SUCCESS", run.Result());
        Assert.Equal([runId, firstRepair, second], run["repair_history"]!.AsArray().Select(h => h!["id"].Long()));
    }

    [Fact]
    public async Task Rerunning_chosen_tasks_can_take_their_dependents_along()
    {
        var jobId = await _api.CreateJobAsync(Job("chosen", Notebook("a"), Notebook("b", null, "a"), Notebook("c", null, "b"), Notebook("d")));
        var runId = await _api.RunNowAsync(jobId);
        var before = (await _api.WaitForRunAsync(runId)).TasksByKey();

        (await RepairAsync(runId, new JsonObject { ["rerun_tasks"] = new JsonArray("b"), ["rerun_dependent_tasks"] = true })).Ok();
        var after = (await _api.WaitForRunAsync(runId)).TasksByKey();
        Assert.Equal(before["a"]["run_id"].Long(), after["a"]["run_id"].Long());
        Assert.Equal(before["d"]["run_id"].Long(), after["d"]["run_id"].Long());
        Assert.NotEqual(before["b"]["run_id"].Long(), after["b"]["run_id"].Long());
        Assert.NotEqual(before["c"]["run_id"].Long(), after["c"]["run_id"].Long());
        Assert.True(after["c"]["start_time"].Long() >= after["b"]["end_time"].Long());
    }

    [Fact]
    public async Task Repair_uses_the_jobs_current_settings()
    {
        var (jobId, runId, _) = await FailedRunAsync();
        (await _api.PostAsync($"{Api}/jobs/update", new JsonObject
        {
            ["job_id"] = jobId,
            ["new_settings"] = new JsonObject { ["tasks"] = new JsonArray(Notebook("transform", new() { ["exit"] = "fixed" }, "ingest")) },
        })).Ok();
        (await RepairAsync(runId, new JsonObject { ["rerun_all_failed_tasks"] = true })).Ok();
        var run = await _api.WaitForRunAsync(runId);
        Assert.Equal("SUCCESS", run.Result());
        var output = (await _api.GetAsync($"{Api}/jobs/runs/get-output?run_id={run.TasksByKey()["transform"]["run_id"].Long()}")).Ok();
        Assert.Equal("fixed", output["notebook_output"]!["result"].Str());
    }

    [Fact]
    public async Task Repair_refuses_an_active_run_and_bad_requests()
    {
        var jobId = await _api.CreateJobAsync(Job("active", Notebook("a", new() { ["sleep_seconds"] = "1" })));
        var runId = await _api.RunNowAsync(jobId);
        (await RepairAsync(runId, new JsonObject { ["rerun_tasks"] = new JsonArray("a") })).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await _api.WaitForRunAsync(runId);

        (await RepairAsync(runId, new JsonObject())).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await RepairAsync(runId, new JsonObject { ["rerun_tasks"] = new JsonArray("nope") })).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await RepairAsync(runId, new JsonObject { ["rerun_all_failed_tasks"] = true })).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await RepairAsync(987654321, new JsonObject { ["rerun_tasks"] = new JsonArray("a") })).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task A_one_time_run_can_be_repaired_with_its_own_tasks()
    {
        var body = new JsonObject { ["tasks"] = new JsonArray(Notebook("once", new() { ["fail"] = "true" })) };
        var runId = (await _api.PostAsync($"{Api}/jobs/runs/submit", body)).Ok()["run_id"].Long();
        Assert.Equal("FAILED", (await _api.WaitForRunAsync(runId)).Result());
        (await RepairAsync(runId, new JsonObject { ["rerun_all_failed_tasks"] = true, ["notebook_params"] = new JsonObject { ["fail"] = "false" } })).Ok();
        Assert.Equal("SUCCESS", (await _api.WaitForRunAsync(runId)).Result());
    }
}
