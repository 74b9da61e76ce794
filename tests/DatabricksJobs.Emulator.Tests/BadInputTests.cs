using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>Whatever a client sends, the emulator answers with a Databricks error body, never a 5xx.</summary>
public class BadInputTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly ApiClient _api = emulator.Admin;

    private static readonly string[] OddValues =
    [
        "null", "0", "-1", "1.5", "1e400", "99999999999999999999999", "\"\"", "\"x\"", "true", "[]", "[null]", "[1]", "[\"a\"]",
        "[{}]", "[{\"task_key\": null}]", "{}", "{\"a\": null}", "{\"a\": [1]}", "{\"enabled\": \"yes\"}",
    ];

    /// <summary>Each write endpoint, a valid body for it, and the fields to spoil one by one.</summary>
    private async Task<List<(string Path, JsonObject Body)>> ValidBodiesAsync()
    {
        var jobId = await _api.CreateJobAsync(Job("bad-input", Notebook("a"), Notebook("b", null, "a")));
        var runId = await _api.RunNowAsync(jobId);
        await _api.WaitForRunAsync(runId);
        var task = Notebook("t");
        task["depends_on"] = new JsonArray();
        task["max_retries"] = 1;
        task["timeout_seconds"] = 10;
        task["run_if"] = "ALL_DONE";
        task["job_cluster_key"] = "c";
        var settings = new JsonObject
        {
            ["name"] = "n", ["description"] = "d", ["max_concurrent_runs"] = 1, ["timeout_seconds"] = 0, ["format"] = "MULTI_TASK",
            ["tags"] = new JsonObject { ["k"] = "v" }, ["queue"] = new JsonObject { ["enabled"] = true },
            ["schedule"] = new JsonObject { ["quartz_cron_expression"] = "0 0 * * * ?", ["timezone_id"] = "UTC" },
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "p", ["default"] = "v" }),
            ["job_clusters"] = new JsonArray(new JsonObject { ["job_cluster_key"] = "c", ["new_cluster"] = new JsonObject() }),
            ["run_as"] = new JsonObject { ["user_name"] = "u@example.com" },
            ["access_control_list"] = new JsonArray(new JsonObject { ["user_name"] = "u@example.com", ["permission_level"] = "CAN_VIEW" }),
            ["tasks"] = new JsonArray(task),
        };
        var overrides = new JsonObject
        {
            ["job_parameters"] = new JsonObject { ["p"] = "v" }, ["notebook_params"] = new JsonObject { ["a"] = "b" },
            ["python_params"] = new JsonArray("a"), ["jar_params"] = new JsonArray("a"), ["spark_submit_params"] = new JsonArray("a"),
            ["python_named_params"] = new JsonObject { ["a"] = "b" }, ["sql_params"] = new JsonObject { ["a"] = "b" },
            ["dbt_commands"] = new JsonArray("a"), ["pipeline_params"] = new JsonObject(), ["performance_target"] = "STANDARD",
        };
        JsonObject With(JsonObject extra)
        {
            var body = (JsonObject)overrides.DeepClone();
            foreach (var (key, value) in extra) body[key] = value?.DeepClone();
            return body;
        }
        var submit = (JsonObject)settings.DeepClone();
        submit.Remove("job_clusters");
        ((JsonObject)submit["tasks"]![0]!).Remove("job_cluster_key");
        submit["run_name"] = "r";
        submit["idempotency_token"] = "t";
        return
        [
            ("/api/2.2/jobs/create", settings),
            ("/api/2.2/jobs/update", new JsonObject { ["job_id"] = jobId, ["new_settings"] = settings.DeepClone(), ["fields_to_remove"] = new JsonArray("description", "tasks/a") }),
            ("/api/2.2/jobs/reset", new JsonObject { ["job_id"] = jobId, ["new_settings"] = settings.DeepClone() }),
            ("/api/2.2/jobs/run-now", With(new JsonObject { ["job_id"] = jobId, ["idempotency_token"] = "x", ["only"] = new JsonArray("a"), ["queue"] = new JsonObject { ["enabled"] = true } })),
            ("/api/2.2/jobs/runs/submit", submit),
            ("/api/2.2/jobs/runs/repair", With(new JsonObject { ["run_id"] = runId, ["rerun_tasks"] = new JsonArray("a"), ["rerun_all_failed_tasks"] = false, ["rerun_dependent_tasks"] = true, ["latest_repair_id"] = 1 })),
            ("/api/2.2/jobs/runs/cancel", new JsonObject { ["run_id"] = runId }),
            ("/api/2.2/jobs/runs/cancel-all", new JsonObject { ["job_id"] = jobId, ["all_queued_runs"] = true }),
            ("/api/2.2/jobs/runs/delete", new JsonObject { ["run_id"] = runId }),
            ("/api/2.2/jobs/delete", new JsonObject { ["job_id"] = 1 }),
            ("/api/2.0/policies/jobs/enforce-compliance", new JsonObject { ["job_id"] = jobId, ["validate_only"] = true }),
            ($"/api/2.0/permissions/jobs/{jobId}", new JsonObject { ["access_control_list"] = settings["access_control_list"]!.DeepClone() }),
            ("/emulator/faults", new JsonObject { ["method"] = "GET", ["path"] = "/nowhere", ["status"] = 500, ["count"] = 1, ["retry_after_seconds"] = 1, ["delay_ms"] = 1, ["drop_connection"] = false, ["probability"] = 1 }),
        ];
    }

    /// <summary>Every field, and every field of a task, one at a time, replaced by each odd value.</summary>
    private static IEnumerable<JsonObject> Spoiled(JsonObject body)
    {
        foreach (var (field, _) in body.ToList())
        {
            foreach (var odd in OddValues)
            {
                var copy = (JsonObject)body.DeepClone();
                copy[field] = JsonNode.Parse(odd);
                yield return copy;
            }
        }
        foreach (var holder in new[] { "tasks", "new_settings" })
        {
            if (body[holder] is not JsonNode node) continue;
            var task = (node as JsonArray)?[0] as JsonObject ?? (node["tasks"] as JsonArray)?[0] as JsonObject;
            foreach (var (field, _) in task?.ToList() ?? [])
            {
                foreach (var odd in OddValues)
                {
                    var copy = (JsonObject)body.DeepClone();
                    var target = (copy[holder] as JsonArray)?[0] as JsonObject ?? (JsonObject)copy[holder]!["tasks"]![0]!;
                    target[field] = JsonNode.Parse(odd);
                    yield return copy;
                }
            }
        }
    }

    [Fact]
    public async Task No_spoiled_field_of_any_write_endpoint_gets_a_5xx()
    {
        var failures = new List<string>();
        var sent = 0;
        foreach (var (path, body) in await ValidBodiesAsync())
        {
            foreach (var method in path.Contains("/permissions/") ? new[] { "PUT", "PATCH" } : ["POST"])
            {
                foreach (var spoiled in Spoiled(body))
                {
                    var response = await _api.SendAsync(new HttpMethod(method), path, spoiled.ToJsonString());
                    sent++;
                    if ((int)response.Status >= 500 || response.ErrorCode is null && (int)response.Status >= 400)
                        failures.Add($"{method} {path} {spoiled.ToJsonString()} -> {(int)response.Status} {response.Text}");
                }
            }
            await _api.SendAsync(HttpMethod.Delete, "/emulator/faults", null);
        }
        Assert.True(sent > 1000, $"only {sent} requests were sent");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }

    [Theory]
    [InlineData("""{"name": "a", "name": "b"}""")]
    [InlineData("""{"tasks": [{"task_key": "a", "task_key": "b", "notebook_task": {"notebook_path": "/a"}}]}""")]
    [InlineData("""{"fields_to_remove": [null], "job_id": 1}""")]
    [InlineData("\u0000")]
    [InlineData("{\"name\": \"\\ud800\"}")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]")]
    public async Task Odd_json_documents_get_a_4xx(string body)
    {
        foreach (var path in new[] { "/api/2.2/jobs/create", "/api/2.2/jobs/update", "/api/2.2/jobs/runs/submit", "/api/2.2/jobs/run-now" })
        {
            var response = await _api.SendAsync(HttpMethod.Post, path, body);
            Assert.True((int)response.Status is >= 200 and < 500, $"{path} {body} -> {(int)response.Status} {response.Text}");
            if ((int)response.Status >= 400) Assert.NotNull(response.ErrorCode);
        }
    }

    [Theory]
    [InlineData("/api/2.2/jobs/create")]
    [InlineData("/emulator/faults")]
    public async Task A_body_whose_chunked_framing_is_broken_is_a_400(string path)
    {
        var (status, body) = await RawHttp.SendAsync(emulator.Server.BaseUrl,
            $"POST {path} HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer {EmulatorFixture.AdminToken}\r\n" +
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        Assert.True(status == 400, $"{status} {body}");
        Assert.Equal("MALFORMED_REQUEST", JsonNode.Parse(body)!["error_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task No_odd_query_value_of_any_read_endpoint_gets_a_5xx()
    {
        var failures = new List<string>();
        string[] odd = ["", "-1", "0", "1.5", "99999999999999999999999", "abc", "true", "%00", "%FF", "null"];
        (string Path, string[] Parameters)[] reads =
        [
            ("/api/2.2/jobs/list", ["limit", "offset", "page_token", "name", "expand_tasks"]),
            ("/api/2.2/jobs/get", ["job_id", "page_token"]),
            ("/api/2.2/jobs/runs/list", ["job_id", "active_only", "completed_only", "run_type", "start_time_from", "start_time_to", "expand_tasks", "limit", "offset", "page_token"]),
            ("/api/2.2/jobs/runs/get", ["run_id", "include_history", "include_resolved_values", "page_token"]),
            ("/api/2.2/jobs/runs/get-output", ["run_id"]),
            ("/api/2.2/jobs/runs/export", ["run_id", "views_to_export"]),
            ("/api/2.0/policies/jobs/get-compliance", ["job_id"]),
            ("/api/2.0/policies/jobs/list-compliance", ["policy_id", "page_size", "page_token"]),
            ("/api/2.0/permissions/jobs/abc", []),
            ("/api/2.0/permissions/jobs/-1/permissionLevels", []),
        ];
        foreach (var (path, parameters) in reads)
        {
            foreach (var parameter in parameters.DefaultIfEmpty("x"))
            {
                foreach (var value in odd)
                {
                    var response = await _api.GetAsync($"{path}?{parameter}={value}");
                    if ((int)response.Status >= 500 || response.ErrorCode is null && (int)response.Status >= 400)
                        failures.Add($"GET {path}?{parameter}={value} -> {(int)response.Status} {response.Text}");
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
    }
}
