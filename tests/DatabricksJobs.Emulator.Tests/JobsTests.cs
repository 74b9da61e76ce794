using System.Net;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

public class JobsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly ApiClient _api = emulator.Admin;
    private const string Api = ApiClient.Api;

    /// <summary>
    /// What jobs/get answers for a job created with a name and one notebook task: the fields the service fills in
    /// (as the Databricks CLI's test server, which mirrors the cloud, answers them), no run_as or queue.
    /// </summary>
    private static readonly JsonNode DefaultedSettings = JsonNode.Parse("""
        {
          "name": "defaults",
          "tasks": [
            {
              "task_key": "main",
              "notebook_task": { "notebook_path": "/Workspace/etl/main", "source": "WORKSPACE" },
              "run_if": "ALL_SUCCESS",
              "timeout_seconds": 0,
              "email_notifications": {}
            }
          ],
          "max_concurrent_runs": 1,
          "timeout_seconds": 0,
          "format": "MULTI_TASK",
          "email_notifications": {},
          "webhook_notifications": {}
        }
        """)!;

    private static JsonObject NameAndOneNotebookTask() => JsonNode.Parse("""
        {"name":"defaults","tasks":[{"task_key":"main","notebook_task":{"notebook_path":"/Workspace/etl/main"}}]}
        """)!.AsObject();

    private static void AssertJson(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}\n  actual {actual?.ToJsonString()}");

    [Fact]
    public async Task Create_then_get_returns_the_settings_with_the_service_defaults()
    {
        var jobId = await _api.CreateJobAsync(NameAndOneNotebookTask());
        var job = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok();

        Assert.True(jobId > 0);
        Assert.Equal(jobId, job["job_id"].Long());
        Assert.Equal(EmulatorFixture.AdminUser, job["creator_user_name"].Str());
        Assert.Equal(EmulatorFixture.AdminUser, job["run_as_user_name"].Str());
        Assert.InRange(job["created_time"].Long(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        AssertJson(DefaultedSettings, job["settings"]);
    }

    [Fact]
    public async Task An_empty_create_is_named_Untitled()
    {
        var jobId = await _api.CreateJobAsync(new JsonObject());
        var settings = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!;
        Assert.Equal("Untitled", settings["name"].Str());
        Assert.Equal(1, settings["max_concurrent_runs"].Long());
        Assert.Null(settings["tasks"]);
    }

    [Fact]
    public async Task List_answers_the_same_defaults_as_get()
    {
        var settings = NameAndOneNotebookTask();
        settings["name"] = $"listed-{Guid.NewGuid():N}";
        var jobId = await _api.CreateJobAsync(settings);
        var expected = DefaultedSettings.DeepClone();
        expected["name"] = settings["name"].Str();

        var expanded = (await _api.GetAsync($"{Api}/jobs/list?name={settings["name"].Str()}&expand_tasks=true")).Ok()["jobs"]![0]!;
        Assert.Equal(jobId, expanded["job_id"].Long());
        AssertJson(expected, expanded["settings"]);

        var plain = (await _api.GetAsync($"{Api}/jobs/list?name={settings["name"].Str()}")).Ok()["jobs"]![0]!;
        expected.AsObject().Remove("tasks");
        AssertJson(expected, plain["settings"]);
    }

    [Fact]
    public async Task Given_values_are_kept_and_a_git_source_makes_the_task_source_GIT()
    {
        var jobId = await _api.CreateJobAsync(JsonNode.Parse("""
            {
              "name": "given", "max_concurrent_runs": 3, "timeout_seconds": 600, "email_notifications": { "on_failure": ["a@example.com"] },
              "git_source": { "git_url": "https://github.com/example/etl", "git_provider": "gitHub", "git_branch": "main" },
              "tasks": [
                { "task_key": "a", "run_if": "ALL_DONE", "timeout_seconds": 60, "notebook_task": { "notebook_path": "etl/a" } },
                { "task_key": "b", "notebook_task": { "notebook_path": "/Workspace/b", "source": "WORKSPACE" } },
                { "task_key": "c", "spark_python_task": { "python_file": "etl/c.py" } },
                { "task_key": "each", "for_each_task": { "inputs": "[1,2]", "task": { "task_key": "inner", "notebook_task": { "notebook_path": "etl/i" } } } }
              ]
            }
            """)!.AsObject());
        var settings = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!;
        var tasks = settings.TasksByKey();

        Assert.Equal(3, settings["max_concurrent_runs"].Long());
        Assert.Equal(600, settings["timeout_seconds"].Long());
        Assert.Equal("a@example.com", settings["email_notifications"]!["on_failure"]![0].Str());
        Assert.Equal("ALL_DONE", tasks["a"]["run_if"].Str());
        Assert.Equal(60, tasks["a"]["timeout_seconds"].Long());
        Assert.Equal("GIT", tasks["a"]["notebook_task"]!["source"].Str());
        Assert.Equal("WORKSPACE", tasks["b"]["notebook_task"]!["source"].Str());
        Assert.Equal("GIT", tasks["c"]["spark_python_task"]!["source"].Str());
        var inner = tasks["each"]["for_each_task"]!["task"]!;
        Assert.Equal("ALL_SUCCESS", inner["run_if"].Str());
        Assert.Equal("GIT", inner["notebook_task"]!["source"].Str());
    }

    [Fact]
    public async Task Unknown_fields_are_kept_in_settings_and_ignored_in_requests()
    {
        var settings = Job("kept", Notebook("a"));
        settings["some_future_field"] = new JsonObject { ["x"] = 1 };
        var jobId = await _api.CreateJobAsync(settings);
        var job = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok();
        Assert.Equal(1, job["settings"]!["some_future_field"]!["x"]!.GetValue<int>());

        var runNow = await _api.PostAsync($"{Api}/jobs/run-now", new JsonObject { ["job_id"] = jobId, ["not_a_field"] = true });
        Assert.True(runNow.Ok()["run_id"].Long() > 0);
    }

    public static TheoryData<string, string> InvalidSettings => new()
    {
        { """{"tasks":[{"task_key":"a","notebook_task":{"notebook_path":"/a"}},{"task_key":"a","notebook_task":{"notebook_path":"/b"}}]}""", "unique" },
        { """{"tasks":[{"task_key":"a","depends_on":[{"task_key":"nope"}],"notebook_task":{"notebook_path":"/a"}}]}""", "nope" },
        { """{"tasks":[{"task_key":"a","depends_on":[{"task_key":"b"}],"notebook_task":{"notebook_path":"/a"}},{"task_key":"b","depends_on":[{"task_key":"a"}],"notebook_task":{"notebook_path":"/b"}}]}""", "cycle" },
        { """{"tasks":[{"task_key":"a","job_cluster_key":"missing","notebook_task":{"notebook_path":"/a"}}]}""", "missing" },
        { """{"tasks":[{"task_key":"a"}]}""", "no task type" },
        { """{"tasks":[{"task_key":"a","notebook_task":{"notebook_path":"/a"},"spark_python_task":{"python_file":"x.py"}}]}""", "more than one task type" },
        { """{"tasks":[{"task_key":"a","run_if":"SOMETIMES","notebook_task":{"notebook_path":"/a"}}]}""", "SOMETIMES" },
        { """{"max_concurrent_runs":-1}""", "max_concurrent_runs" },
        { """{"tasks":[{"task_key":"has space","notebook_task":{"notebook_path":"/a"}}]}""", "task_key" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task Invalid_settings_are_400_INVALID_PARAMETER_VALUE(string settings, string messagePart)
    {
        var response = await _api.SendAsync(HttpMethod.Post, $"{Api}/jobs/create", settings);
        response.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains(messagePart, response.Json!["message"].Str(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task More_than_25_tags_are_refused()
    {
        var tags = new JsonObject();
        for (var i = 0; i < 26; i++) tags[$"t{i}"] = "v";
        var response = await _api.PostAsync($"{Api}/jobs/create", new JsonObject { ["tags"] = tags.DeepClone() });
        response.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        tags.Remove("t25");
        Assert.True((await _api.PostAsync($"{Api}/jobs/create", new JsonObject { ["tags"] = tags })).Ok()["job_id"].Long() > 0);
    }

    [Fact]
    public async Task Listing_every_page_yields_each_job_once_and_prev_token_goes_back()
    {
        var name = $"paging-{Guid.NewGuid():N}";
        var created = new List<long>();
        for (var i = 0; i < 23; i++) created.Add(await _api.CreateJobAsync(Job(name, Notebook("a"))));

        var seen = new List<long>();
        var tokens = new List<string?> { null };
        string? token = null;
        var pages = 0;
        do
        {
            var page = (await _api.GetAsync($"{Api}/jobs/list?name={name}&limit=5" + (token is null ? "" : $"&page_token={token}"))).Ok();
            var jobs = page["jobs"]!.AsArray();
            Assert.InRange(jobs.Count, 1, 5);
            seen.AddRange(jobs.Select(j => j!["job_id"].Long()));
            Assert.Equal(page["next_page_token"] is not null, page["has_more"]!.GetValue<bool>());
            // A job created while paging does not make a page repeat or skip anything already listed.
            if (pages == 1) created.Add(await _api.CreateJobAsync(Job(name, Notebook("a"))));
            token = page["next_page_token"]?.GetValue<string>();
            tokens.Add(token);
            pages++;
        } while (token is not null);

        Assert.Equal(created.OrderBy(x => x), seen.OrderBy(x => x));
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(5, pages);

        var second = (await _api.GetAsync($"{Api}/jobs/list?name={name}&limit=5&page_token={tokens[1]}")).Ok();
        var back = (await _api.GetAsync($"{Api}/jobs/list?name={name}&limit=5&page_token={second["prev_page_token"].Str()}")).Ok();
        Assert.Equal(seen.Take(5), back["jobs"]!.AsArray().Select(j => j!["job_id"].Long()));
    }

    [Fact]
    public async Task Name_filter_is_exact_and_case_insensitive()
    {
        var name = $"Nightly-{Guid.NewGuid():N}";
        var exact = await _api.CreateJobAsync(Job(name, Notebook("a")));
        await _api.CreateJobAsync(Job(name + "-longer", Notebook("a")));

        var page = (await _api.GetAsync($"{Api}/jobs/list?name={name.ToUpperInvariant()}")).Ok();
        Assert.Equal([exact], page["jobs"]!.AsArray().Select(j => j!["job_id"].Long()));
        Assert.False(page["has_more"]!.GetValue<bool>());

        var none = (await _api.GetAsync($"{Api}/jobs/list?name=no-such-{Guid.NewGuid():N}")).Ok();
        Assert.Null(none["jobs"]);
    }

    [Fact]
    public async Task List_shows_tasks_only_when_expanded()
    {
        var name = $"expand-{Guid.NewGuid():N}";
        await _api.CreateJobAsync(Job(name, Notebook("a"), Notebook("b")));
        var plain = (await _api.GetAsync($"{Api}/jobs/list?name={name}")).Ok()["jobs"]![0]!;
        var expanded = (await _api.GetAsync($"{Api}/jobs/list?name={name}&expand_tasks=true")).Ok()["jobs"]![0]!;
        Assert.Null(plain["settings"]!["tasks"]);
        Assert.Equal(name, plain["settings"]!["name"].Str());
        Assert.Equal(2, expanded["settings"]!["tasks"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("limit=abc")]
    [InlineData("offset=-1")]
    [InlineData("page_token=not-a-token")]
    public async Task Bad_list_parameters_are_400(string query)
    {
        (await _api.GetAsync($"{Api}/jobs/list?{query}")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Update_replaces_top_level_fields_and_merges_tasks_by_key()
    {
        var jobId = await _api.CreateJobAsync(new JsonObject
        {
            ["name"] = "before",
            ["tags"] = new JsonObject { ["a"] = "1" },
            ["tasks"] = new JsonArray(Notebook("keep"), Notebook("change", new() { ["p"] = "old" })),
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "env", ["default"] = "dev" }),
        });
        (await _api.PostAsync($"{Api}/jobs/update", new JsonObject
        {
            ["job_id"] = jobId,
            ["new_settings"] = new JsonObject
            {
                ["name"] = "after",
                ["tasks"] = new JsonArray(Notebook("change", new() { ["p"] = "new" }), Notebook("added")),
                ["parameters"] = new JsonArray(new JsonObject { ["name"] = "region", ["default"] = "eu" }),
            },
        })).Ok();

        var settings = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!;
        Assert.Equal("after", settings["name"].Str());
        Assert.Equal("1", settings["tags"]!["a"].Str());
        var tasks = settings["tasks"]!.AsArray().ToDictionary(t => t!["task_key"].Str());
        Assert.Equal(["keep", "change", "added"], tasks.Keys);
        Assert.Equal("new", tasks["change"]!["notebook_task"]!["base_parameters"]!["p"].Str());
        Assert.Equal(["env", "region"], settings["parameters"]!.AsArray().Select(p => p!["name"].Str()));
    }

    [Fact]
    public async Task Update_removes_top_level_fields_and_tasks_by_key()
    {
        var settings = Job("remove", Notebook("a"), Notebook("b"));
        settings["description"] = "gone soon";
        settings["job_clusters"] = new JsonArray(new JsonObject { ["job_cluster_key"] = "c1", ["new_cluster"] = new JsonObject { ["num_workers"] = 1 } });
        var jobId = await _api.CreateJobAsync(settings);

        (await _api.PostAsync($"{Api}/jobs/update", new JsonObject
        {
            ["job_id"] = jobId,
            ["fields_to_remove"] = new JsonArray("description", "tasks/b", "job_clusters/c1"),
        })).Ok();

        var after = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!;
        Assert.Null(after["description"]);
        Assert.Equal(["a"], after["tasks"]!.AsArray().Select(t => t!["task_key"].Str()));
        Assert.Empty(after["job_clusters"]!.AsArray());

        var bad = await _api.PostAsync($"{Api}/jobs/update", new JsonObject { ["job_id"] = jobId, ["fields_to_remove"] = new JsonArray("tasks/nope") });
        bad.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Update_that_breaks_the_task_graph_is_refused_and_changes_nothing()
    {
        var jobId = await _api.CreateJobAsync(Job("graph", Notebook("a"), Notebook("b", null, "a")));
        var response = await _api.PostAsync($"{Api}/jobs/update", new JsonObject { ["job_id"] = jobId, ["fields_to_remove"] = new JsonArray("tasks/a") });
        response.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var settings = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!;
        Assert.Equal(2, settings["tasks"]!.AsArray().Count);
    }

    [Fact]
    public async Task Reset_replaces_every_setting()
    {
        var settings = Job("old", Notebook("a"));
        settings["description"] = "old description";
        var jobId = await _api.CreateJobAsync(settings);
        (await _api.PostAsync($"{Api}/jobs/reset", new JsonObject { ["job_id"] = jobId, ["new_settings"] = Job("new", Notebook("z")) })).Ok();

        var after = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!;
        Assert.Equal("new", after["name"].Str());
        Assert.Null(after["description"]);
        Assert.Equal("z", after["tasks"]![0]!["task_key"].Str());
    }

    [Fact]
    public async Task Reset_fills_the_service_defaults_again()
    {
        var settings = NameAndOneNotebookTask();
        settings["max_concurrent_runs"] = 5;
        settings["timeout_seconds"] = 120;
        settings["tasks"]![0]!["run_if"] = "ALL_DONE";
        settings["webhook_notifications"] = new JsonObject { ["on_start"] = new JsonArray(new JsonObject { ["id"] = "hook" }) };
        var jobId = await _api.CreateJobAsync(settings);

        (await _api.PostAsync($"{Api}/jobs/reset", new JsonObject { ["job_id"] = jobId, ["new_settings"] = NameAndOneNotebookTask() })).Ok();

        AssertJson(DefaultedSettings, (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]);
    }

    [Fact]
    public async Task Reset_without_run_as_keeps_the_jobs_run_as_as_the_service_does()
    {
        var settings = NameAndOneNotebookTask();
        settings["run_as"] = new JsonObject { ["user_name"] = EmulatorFixture.AdminUser };
        var jobId = await _api.CreateJobAsync(settings);

        (await _api.PostAsync($"{Api}/jobs/reset", new JsonObject { ["job_id"] = jobId, ["new_settings"] = NameAndOneNotebookTask() })).Ok();

        var job = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok();
        Assert.Equal(EmulatorFixture.AdminUser, job["settings"]!["run_as"]!["user_name"].Str());
        Assert.Equal(EmulatorFixture.AdminUser, job["run_as_user_name"].Str());
    }

    [Fact]
    public async Task Update_fills_the_defaults_of_an_added_task()
    {
        var jobId = await _api.CreateJobAsync(NameAndOneNotebookTask());
        (await _api.PostAsync($"{Api}/jobs/update", new JsonObject
        {
            ["job_id"] = jobId,
            ["new_settings"] = new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "added", ["spark_python_task"] = new JsonObject { ["python_file"] = "/Workspace/x.py" } }) },
        })).Ok();

        var added = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!.TasksByKey()["added"];
        Assert.Equal("ALL_SUCCESS", added["run_if"].Str());
        Assert.Equal(0, added["timeout_seconds"].Long());
        Assert.Equal("WORKSPACE", added["spark_python_task"]!["source"].Str());
        AssertJson(new JsonObject(), added["email_notifications"]);
    }

    /// <summary>What an Azure workspace answers for a new cluster that gives none of these: the cloud's attributes, elastic disk, access mode.</summary>
    private static readonly JsonNode DefaultedCluster = JsonNode.Parse("""
        {
          "spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1,
          "azure_attributes": { "first_on_demand": 1, "availability": "ON_DEMAND_AZURE", "spot_bid_max_price": -1.0 },
          "enable_elastic_disk": true,
          "data_security_mode": "SINGLE_USER"
        }
        """)!;

    private static JsonObject Cluster(string extra = "") =>
        JsonNode.Parse($$"""{ "spark_version": "15.4.x-scala2.12", "node_type_id": "Standard_DS3_v2", "num_workers": 1{{extra}} }""")!.AsObject();

    [Fact]
    public async Task Every_new_cluster_gets_the_clouds_defaults_and_given_values_are_kept()
    {
        var settings = Job("clusters", Notebook("own"), Notebook("given"), Notebook("pooled"));
        settings["job_clusters"] = new JsonArray(new JsonObject { ["job_cluster_key"] = "c", ["new_cluster"] = Cluster(", \"apply_policy_default_values\": true") });
        var tasks = settings["tasks"]!.AsArray();
        tasks[0]!["new_cluster"] = Cluster();
        tasks[1]!["new_cluster"] = Cluster(""", "azure_attributes": { "availability": "SPOT_AZURE" }, "enable_elastic_disk": false, "data_security_mode": "USER_ISOLATION" """);
        tasks[2]!["new_cluster"] = new JsonObject { ["spark_version"] = "15.4.x-scala2.12", ["instance_pool_id"] = "pool-1", ["num_workers"] = 1 };
        tasks.Add(new JsonObject { ["task_key"] = "each", ["for_each_task"] = new JsonObject { ["inputs"] = "[1]", ["task"] = Notebook("inner") } });
        tasks[3]!["for_each_task"]!["task"]!["new_cluster"] = Cluster();
        var jobId = await _api.CreateJobAsync(settings);

        var got = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!;
        var byKey = got.TasksByKey();
        AssertJson(DefaultedCluster, got["job_clusters"]![0]!["new_cluster"]);
        AssertJson(DefaultedCluster, byKey["own"]["new_cluster"]);
        AssertJson(DefaultedCluster, byKey["each"]["for_each_task"]!["task"]!["new_cluster"]);
        AssertJson(JsonNode.Parse("""{ "first_on_demand": 1, "availability": "SPOT_AZURE", "spot_bid_max_price": -1.0 }""")!, byKey["given"]["new_cluster"]!["azure_attributes"]);
        Assert.Equal((false, "USER_ISOLATION"), (byKey["given"]["new_cluster"]!["enable_elastic_disk"]!.GetValue<bool>(), byKey["given"]["new_cluster"]!["data_security_mode"].Str()));
        // A pool's clusters take the pool's attributes.
        Assert.Null(byKey["pooled"]["new_cluster"]!["azure_attributes"]);

        (await _api.PostAsync($"{Api}/jobs/reset", new JsonObject { ["job_id"] = jobId, ["new_settings"] = Job("clusters", Notebook("own")) })).Ok();
        (await _api.PostAsync($"{Api}/jobs/update", new JsonObject
        {
            ["job_id"] = jobId,
            ["new_settings"] = new JsonObject { ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "own", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/n" }, ["new_cluster"] = Cluster() }) },
        })).Ok();
        AssertJson(DefaultedCluster, (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!.TasksByKey()["own"]["new_cluster"]);
    }

    [Fact]
    public async Task Delete_removes_the_job()
    {
        var jobId = await _api.CreateJobAsync(Job("doomed", Notebook("a")));
        (await _api.PostAsync($"{Api}/jobs/delete", new JsonObject { ["job_id"] = jobId })).Ok();
        (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.PostAsync($"{Api}/jobs/delete", new JsonObject { ["job_id"] = jobId })).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Api_2_2_pages_a_job_with_more_than_100_tasks_and_2_1_answers_it_whole()
    {
        var tasks = Enumerable.Range(0, 150).Select(i => Notebook($"t{i:000}")).ToArray();
        var settings = Job($"big-{Guid.NewGuid():N}", tasks);
        settings["parameters"] = new JsonArray(Enumerable.Range(0, 120).Select(i => (JsonNode)new JsonObject { ["name"] = $"p{i}", ["default"] = "x" }).ToArray());
        var jobId = await _api.CreateJobAsync(settings);

        var first = (await _api.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).Ok();
        Assert.Equal(100, first["settings"]!["tasks"]!.AsArray().Count);
        Assert.Equal(100, first["settings"]!["parameters"]!.AsArray().Count);
        var second = (await _api.GetAsync($"/api/2.2/jobs/get?job_id={jobId}&page_token={first["next_page_token"].Str()}")).Ok();
        Assert.Equal(50, second["settings"]!["tasks"]!.AsArray().Count);
        Assert.Equal(20, second["settings"]!["parameters"]!.AsArray().Count);
        Assert.Null(second["next_page_token"]);
        var keys = first["settings"]!["tasks"]!.AsArray().Concat(second["settings"]!["tasks"]!.AsArray()).Select(t => t!["task_key"].Str());
        Assert.Equal(tasks.Select(t => t["task_key"].Str()), keys);

        var whole = (await _api.GetAsync($"/api/2.1/jobs/get?job_id={jobId}")).Ok();
        Assert.Equal(150, whole["settings"]!["tasks"]!.AsArray().Count);
        Assert.Null(whole["next_page_token"]);

        var listed = (await _api.GetAsync($"/api/2.2/jobs/list?name={settings["name"].Str()}&expand_tasks=true")).Ok()["jobs"]![0]!;
        Assert.Equal(100, listed["settings"]!["tasks"]!.AsArray().Count);
        Assert.True(listed["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Every_api_version_serves_the_same_jobs()
    {
        var jobId = await _api.CreateJobAsync(Job("versions", Notebook("a")));
        foreach (var version in new[] { "2.0", "2.1", "2.2" })
        {
            Assert.Equal(jobId, (await _api.GetAsync($"/api/{version}/jobs/get?job_id={jobId}")).Ok()["job_id"].Long());
        }
    }
}
