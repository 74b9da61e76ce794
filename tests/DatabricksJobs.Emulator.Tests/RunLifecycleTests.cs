using System.Net;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

public class RunLifecycleTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly ApiClient _api = emulator.Admin;
    private const string Api = ApiClient.Api;

    [Fact]
    public async Task A_run_is_observably_active_then_terminates_successfully()
    {
        var jobId = await _api.CreateJobAsync(Job("lifecycle", Notebook("a")));
        var runId = await _api.RunNowAsync(jobId);

        var first = await _api.GetRunAsync(runId);
        Assert.Contains(first.LifeCycle(), new[] { "PENDING", "RUNNING" });
        Assert.Null(first.Result());
        var states = new HashSet<string> { first.LifeCycle() };
        var run = await _api.WaitForAsync(runId, r =>
        {
            states.Add(r.LifeCycle());
            return r.LifeCycle() == "TERMINATED";
        });

        Assert.Contains("RUNNING", states);
        Assert.Equal("SUCCESS", run.Result());
        Assert.Equal("TERMINATED", run["status"]!["state"].Str());
        Assert.Equal("SUCCESS", run["status"]!["termination_details"]!["code"].Str());
        Assert.Equal("JOB_RUN", run["run_type"].Str());
        Assert.Equal(jobId, run["job_id"].Long());
        Assert.Equal(EmulatorFixture.AdminUser, run["creator_user_name"].Str());
        Assert.True(run["end_time"].Long() >= run["start_time"].Long() + 150);
        Assert.Equal(run["end_time"].Long() - run["start_time"].Long(), run["run_duration"].Long());
        Assert.StartsWith(_api.BaseUrl, run["run_page_url"].Str());
        var task = run["tasks"]![0]!;
        Assert.Equal("a", task["task_key"].Str());
        Assert.NotEqual(runId, task["run_id"].Long());
        Assert.Equal("SUCCESS", task.Result());
        Assert.Equal(0, task["attempt_number"]!.GetValue<int>());
        Assert.Equal("/Workspace/tests/a", task["notebook_task"]!["notebook_path"].Str());
    }

    [Fact]
    public async Task A_task_starts_only_after_its_upstream_tasks_end()
    {
        var jobId = await _api.CreateJobAsync(Job("dag",
            Notebook("extract"), Notebook("load", new() { ["sleep_seconds"] = "0.3" }),
            Notebook("transform", null, "extract", "load"), Notebook("publish", null, "transform")));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));
        var tasks = run.TasksByKey();

        Assert.Equal("SUCCESS", run.Result());
        Assert.True(tasks["transform"]["start_time"].Long() >= tasks["extract"]["end_time"].Long());
        Assert.True(tasks["transform"]["start_time"].Long() >= tasks["load"]["end_time"].Long());
        Assert.True(tasks["publish"]["start_time"].Long() >= tasks["transform"]["end_time"].Long());
        // Independent tasks run side by side.
        Assert.True(tasks["load"]["start_time"].Long() < tasks["extract"]["end_time"].Long());
    }

    [Fact]
    public async Task A_waiting_task_is_BLOCKED_while_its_upstream_runs()
    {
        var jobId = await _api.CreateJobAsync(Job("blocked", Notebook("first", new() { ["sleep_seconds"] = "1" }), Notebook("second", null, "first")));
        var runId = await _api.RunNowAsync(jobId);
        var run = await _api.WaitForAsync(runId, r => r.TasksByKey()["first"].LifeCycle() == "RUNNING");
        Assert.Equal("BLOCKED", run.TasksByKey()["second"].LifeCycle());
        Assert.Equal("RUNNING", run.LifeCycle());
    }

    [Fact]
    public async Task A_failed_task_makes_its_dependents_UPSTREAM_FAILED_and_the_run_FAILED()
    {
        var jobId = await _api.CreateJobAsync(Job("upstream-failed",
            Notebook("bad", new() { ["fail"] = "true" }), Notebook("after", null, "bad"), Notebook("later", null, "after")));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));
        var tasks = run.TasksByKey();

        Assert.Equal("FAILED", tasks["bad"].Result());
        Assert.Equal("UPSTREAM_FAILED", tasks["after"].Result());
        Assert.Equal("UPSTREAM_FAILED", tasks["later"].Result());
        Assert.Equal("FAILED", run.Result());
        Assert.Contains("bad", run["state"]!["state_message"].Str());
        Assert.Equal("RUN_EXECUTION_ERROR", run["status"]!["termination_details"]!["code"].Str());
        Assert.Equal("SKIPPED", tasks["after"]["status"]!["termination_details"]!["code"].Str());
    }

    [Fact]
    public async Task A_platform_failure_ends_the_task_and_the_run_in_INTERNAL_ERROR_and_can_be_repaired()
    {
        var jobId = await _api.CreateJobAsync(Job("internal-error", Notebook("broken", new() { ["internal_error"] = "true" }), Notebook("after", null, "broken")));
        var runId = await _api.RunNowAsync(jobId);
        var run = await _api.WaitForRunAsync(runId);
        var tasks = run.TasksByKey();

        Assert.Equal("INTERNAL_ERROR", run.LifeCycle());
        Assert.Equal("FAILED", run.Result());
        Assert.Equal("TERMINATED", run["status"]!["state"].Str());
        Assert.Equal("INTERNAL_ERROR", run["status"]!["termination_details"]!["type"].Str());
        Assert.Equal("INTERNAL_ERROR", tasks["broken"].LifeCycle());
        Assert.Equal("UPSTREAM_FAILED", tasks["after"].Result());
        var output = (await _api.GetAsync($"{Api}/jobs/runs/get-output?run_id={tasks["broken"]["run_id"].Long()}")).Ok();
        Assert.Contains("internal error", output["error"].Str());

        (await _api.PostAsync($"{Api}/jobs/runs/repair", new JsonObject
        {
            ["run_id"] = runId, ["rerun_all_failed_tasks"] = true, ["notebook_params"] = new JsonObject { ["internal_error"] = "false" },
        })).Ok();
        var repaired = await _api.WaitForRunAsync(runId);
        Assert.Equal(("TERMINATED", "SUCCESS"), (repaired.LifeCycle(), repaired.Result()));
    }

    [Fact]
    public async Task Run_if_decides_which_tasks_run_after_a_failure()
    {
        static JsonObject With(JsonObject task, string runIf)
        {
            task["run_if"] = runIf;
            return task;
        }
        var jobId = await _api.CreateJobAsync(Job("run-if",
            Notebook("ok"), Notebook("bad", new() { ["fail"] = "true" }),
            With(Notebook("all_done", null, "ok", "bad"), "ALL_DONE"),
            With(Notebook("one_failed", null, "ok", "bad"), "AT_LEAST_ONE_FAILED"),
            With(Notebook("all_failed", null, "ok", "bad"), "ALL_FAILED"),
            With(Notebook("one_success", null, "ok", "bad"), "AT_LEAST_ONE_SUCCESS"),
            With(Notebook("none_failed", null, "ok", "bad"), "NONE_FAILED"),
            With(Notebook("on_success_only", null, "ok"), "ALL_FAILED")));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));
        var tasks = run.TasksByKey();

        Assert.Equal("SUCCESS", tasks["all_done"].Result());
        Assert.Equal("SUCCESS", tasks["one_failed"].Result());
        Assert.Equal("EXCLUDED", tasks["all_failed"].Result());
        Assert.Equal("SUCCESS", tasks["one_success"].Result());
        Assert.Equal("UPSTREAM_FAILED", tasks["none_failed"].Result());
        Assert.Equal("EXCLUDED", tasks["on_success_only"].Result());
        // The leaf none_failed did not succeed, so the run failed.
        Assert.Equal("FAILED", run.Result());
    }

    [Fact]
    public async Task Failures_that_no_leaf_inherits_end_the_run_SUCCESS_WITH_FAILURES()
    {
        var cleanup = Notebook("cleanup", null, "bad");
        cleanup["run_if"] = "ALL_DONE";
        var jobId = await _api.CreateJobAsync(Job("with-failures", Notebook("bad", new() { ["fail"] = "true" }), cleanup));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));
        Assert.Equal("SUCCESS_WITH_FAILURES", run.Result());
        Assert.Equal("SUCCESS_WITH_FAILURES", run["status"]!["termination_details"]!["code"].Str());
    }

    [Fact]
    public async Task A_task_whose_upstream_tasks_were_all_excluded_is_excluded()
    {
        var onFailure = Notebook("on_failure", null, "ok");
        onFailure["run_if"] = "AT_LEAST_ONE_FAILED";
        var jobId = await _api.CreateJobAsync(Job("excluded-chain", Notebook("ok"), onFailure, Notebook("after", null, "on_failure")));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));
        Assert.Equal("EXCLUDED", run.TasksByKey()["after"].Result());
        Assert.Equal("SUCCESS", run.Result());
    }

    [Fact]
    public async Task A_condition_task_outcome_selects_the_branch()
    {
        var condition = new JsonObject
        {
            ["task_key"] = "check",
            ["condition_task"] = new JsonObject { ["op"] = "GREATER_THAN", ["left"] = "10", ["right"] = "9" },
        };
        JsonObject Branch(string key, string outcome) => new()
        {
            ["task_key"] = key,
            ["depends_on"] = new JsonArray(new JsonObject { ["task_key"] = "check", ["outcome"] = outcome }),
            ["notebook_task"] = new JsonObject { ["notebook_path"] = "/x" },
        };
        var jobId = await _api.CreateJobAsync(Job("branch", condition, Branch("when_true", "true"), Branch("when_false", "false")));
        var tasks = (await _api.WaitForRunAsync(await _api.RunNowAsync(jobId))).TasksByKey();
        Assert.Equal("SUCCESS", tasks["when_true"].Result());
        Assert.Equal("EXCLUDED", tasks["when_false"].Result());
    }

    [Fact]
    public async Task A_failing_task_is_retried_max_retries_times_as_new_attempts()
    {
        var task = Notebook("flaky", new() { ["fail"] = "true" });
        task["max_retries"] = 2;
        task["min_retry_interval_millis"] = 100;
        var jobId = await _api.CreateJobAsync(Job("retries", task));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));

        var attempts = run["tasks"]!.AsArray().Where(t => t!["task_key"].Str() == "flaky").ToList();
        Assert.Equal([0, 1, 2], attempts.Select(a => a!["attempt_number"]!.GetValue<int>()));
        Assert.Equal(3, attempts.Select(a => a!["run_id"].Long()).Distinct().Count());
        Assert.All(attempts, a => Assert.Equal("FAILED", a!.Result()));
        Assert.True(attempts[1]!["start_time"].Long() >= attempts[0]!["end_time"].Long() + 100);
        Assert.Equal("FAILED", run.Result());
    }

    [Fact]
    public async Task A_task_over_its_timeout_is_TIMEDOUT_and_retried_only_with_retry_on_timeout()
    {
        var slow = Notebook("slow", new() { ["sleep_seconds"] = "30" });
        slow["timeout_seconds"] = 1;
        var retried = Notebook("retried", new() { ["sleep_seconds"] = "30" });
        retried["timeout_seconds"] = 1;
        retried["max_retries"] = 1;
        retried["retry_on_timeout"] = true;
        var jobId = await _api.CreateJobAsync(Job("timeouts", slow, retried));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId), timeoutSeconds: 10);

        var tasks = run["tasks"]!.AsArray();
        Assert.Single(tasks, t => t!["task_key"].Str() == "slow");
        Assert.Equal("TIMEDOUT", run.TasksByKey()["slow"].Result());
        Assert.Equal(2, tasks.Count(t => t!["task_key"].Str() == "retried"));
        Assert.Equal("FAILED", run.Result());
    }

    [Fact]
    public async Task A_run_over_the_job_timeout_is_TIMEDOUT()
    {
        var settings = Job("job-timeout", Notebook("slow", new() { ["sleep_seconds"] = "30" }), Notebook("next", null, "slow"));
        settings["timeout_seconds"] = 1;
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(await _api.CreateJobAsync(settings)), timeoutSeconds: 10);
        Assert.Equal("TIMEDOUT", run.Result());
        Assert.True(run["state"]!["user_cancelled_or_timedout"]!.GetValue<bool>());
        Assert.Equal("TIMEDOUT", run.TasksByKey()["slow"].Result());
        Assert.Equal("CANCELED", run.TasksByKey()["next"].Result());
    }

    [Fact]
    public async Task Cancel_ends_an_active_run_and_its_tasks_CANCELED_within_a_second_or_two()
    {
        var jobId = await _api.CreateJobAsync(Job("cancel", Notebook("long", new() { ["sleep_seconds"] = "60" }), Notebook("next", null, "long")));
        var runId = await _api.RunNowAsync(jobId);
        await _api.WaitForAsync(runId, r => r.LifeCycle() == "RUNNING");

        var asked = DateTime.UtcNow;
        (await _api.PostAsync($"{Api}/jobs/runs/cancel", new JsonObject { ["run_id"] = runId })).Ok();
        var run = await _api.WaitForRunAsync(runId, timeoutSeconds: 2);

        Assert.True(DateTime.UtcNow - asked < TimeSpan.FromSeconds(2));
        Assert.Equal("CANCELED", run.Result());
        Assert.True(run["state"]!["user_cancelled_or_timedout"]!.GetValue<bool>());
        Assert.Equal("USER_CANCELED", run["status"]!["termination_details"]!["code"].Str());
        Assert.All(run["tasks"]!.AsArray(), t => Assert.Equal("CANCELED", t!.Result()));

        // A finished run is left as it is.
        (await _api.PostAsync($"{Api}/jobs/runs/cancel", new JsonObject { ["run_id"] = runId })).Ok();
        Assert.Equal("CANCELED", (await _api.GetRunAsync(runId)).Result());
    }

    [Fact]
    public async Task Cancel_all_cancels_every_active_run_of_the_job_only()
    {
        var settings = Job("cancel-all", Notebook("long", new() { ["sleep_seconds"] = "60" }));
        settings["max_concurrent_runs"] = 5;
        var jobId = await _api.CreateJobAsync(settings);
        var otherJob = await _api.CreateJobAsync(Job("bystander", Notebook("long", new() { ["sleep_seconds"] = "60" })));
        var runs = new List<long>();
        for (var i = 0; i < 3; i++) runs.Add(await _api.RunNowAsync(jobId));
        var bystander = await _api.RunNowAsync(otherJob);

        (await _api.PostAsync($"{Api}/jobs/runs/cancel-all", new JsonObject { ["job_id"] = jobId })).Ok();
        foreach (var runId in runs) Assert.Equal("CANCELED", (await _api.WaitForRunAsync(runId, timeoutSeconds: 3)).Result());
        Assert.NotEqual("TERMINATED", (await _api.GetRunAsync(bystander)).LifeCycle());

        var active = (await _api.GetAsync($"{Api}/jobs/runs/list?job_id={jobId}&active_only=true")).Ok();
        Assert.Null(active["runs"]);
        (await _api.PostAsync($"{Api}/jobs/runs/cancel", new JsonObject { ["run_id"] = bystander })).Ok();
        (await _api.PostAsync($"{Api}/jobs/runs/cancel-all", new JsonObject())).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Cancel_all_with_all_queued_runs_cancels_only_queued_runs()
    {
        var settings = Job("queued-cancel", Notebook("long", new() { ["sleep_seconds"] = "60" }));
        settings["queue"] = new JsonObject { ["enabled"] = true };
        var jobId = await _api.CreateJobAsync(settings);
        var running = await _api.RunNowAsync(jobId);
        var queued = await _api.RunNowAsync(jobId);
        Assert.Equal("QUEUED", (await _api.GetRunAsync(queued)).LifeCycle());

        (await _api.PostAsync($"{Api}/jobs/runs/cancel-all", new JsonObject { ["job_id"] = jobId, ["all_queued_runs"] = true })).Ok();
        Assert.Equal("CANCELED", (await _api.WaitForRunAsync(queued, timeoutSeconds: 3)).Result());
        Assert.NotEqual("TERMINATED", (await _api.GetRunAsync(running)).LifeCycle());
        (await _api.PostAsync($"{Api}/jobs/runs/cancel", new JsonObject { ["run_id"] = running })).Ok();
    }

    [Fact]
    public async Task A_run_over_max_concurrent_runs_is_skipped_without_a_queue_and_queued_with_one()
    {
        var jobId = await _api.CreateJobAsync(Job("concurrency", Notebook("a", new() { ["sleep_seconds"] = "0.5" })));
        var first = await _api.RunNowAsync(jobId);
        var skipped = await _api.GetRunAsync(await _api.RunNowAsync(jobId));
        Assert.Equal("SKIPPED", skipped.LifeCycle());
        Assert.Contains("maximum concurrent runs", skipped["state"]!["state_message"].Str());
        Assert.Equal("MAX_CONCURRENT_RUNS_EXCEEDED", skipped["status"]!["termination_details"]!["code"].Str());

        var queuedId = await _api.RunNowAsync(jobId, new JsonObject { ["queue"] = new JsonObject { ["enabled"] = true } });
        var queued = await _api.GetRunAsync(queuedId);
        Assert.Equal("QUEUED", queued.LifeCycle());
        Assert.Equal("MAX_CONCURRENT_RUNS_REACHED", queued["status"]!["queue_details"]!["code"].Str());

        var firstRun = await _api.WaitForRunAsync(first);
        var queuedRun = await _api.WaitForRunAsync(queuedId);
        Assert.Equal("SUCCESS", queuedRun.Result());
        Assert.True(queuedRun["tasks"]![0]!["start_time"].Long() >= firstRun["end_time"].Long());
    }

    [Fact]
    public async Task Overrides_replace_task_parameters_key_by_key()
    {
        var settings = Job("overrides", Notebook("nb", new() { ["fail"] = "true", ["exit"] = "from-task" }));
        settings["parameters"] = new JsonArray(new JsonObject { ["name"] = "env", ["default"] = "dev" });
        var jobId = await _api.CreateJobAsync(settings);
        var runId = await _api.RunNowAsync(jobId, new JsonObject
        {
            ["notebook_params"] = new JsonObject { ["fail"] = "false" },
            ["job_parameters"] = new JsonObject { ["env"] = "prod" },
        });
        var run = await _api.WaitForRunAsync(runId, query: "&include_resolved_values=true");

        Assert.Equal("SUCCESS", run.Result());
        Assert.Equal("false", run["overriding_parameters"]!["notebook_params"]!["fail"].Str());
        Assert.Null(run["overriding_parameters"]!["job_id"]);
        Assert.Null(run["overriding_parameters"]!["job_parameters"]);
        var parameter = run["job_parameters"]![0]!;
        Assert.Equal(("env", "dev", "prod"), (parameter["name"].Str(), parameter["default"].Str(), parameter["value"].Str()));
        var resolved = run["tasks"]![0]!["resolved_values"]!["notebook_task"]!["base_parameters"]!;
        Assert.Equal("prod", resolved["env"].Str());
        Assert.Equal("false", resolved["fail"].Str());

        var output = (await _api.GetAsync($"{Api}/jobs/runs/get-output?run_id={run["tasks"]![0]!["run_id"].Long()}")).Ok();
        Assert.Equal("from-task", output["notebook_output"]!["result"].Str());
    }

    [Fact]
    public async Task List_parameters_override_as_key_value_items()
    {
        var task = new JsonObject
        {
            ["task_key"] = "py",
            ["spark_python_task"] = new JsonObject { ["python_file"] = "main.py", ["parameters"] = new JsonArray("--fail=true") },
        };
        var jobId = await _api.CreateJobAsync(Job("python-params", task));
        Assert.Equal("FAILED", (await _api.WaitForRunAsync(await _api.RunNowAsync(jobId))).Result());
        var overridden = await _api.RunNowAsync(jobId, new JsonObject { ["python_params"] = new JsonArray("--fail=false") });
        Assert.Equal("SUCCESS", (await _api.WaitForRunAsync(overridden)).Result());
    }

    [Fact]
    public async Task Only_runs_the_named_tasks_and_excludes_the_rest()
    {
        var jobId = await _api.CreateJobAsync(Job("only", Notebook("a"), Notebook("b"), Notebook("c", null, "a")));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId, new JsonObject { ["only"] = new JsonArray("b", "c") }));
        var tasks = run.TasksByKey();
        Assert.Equal("EXCLUDED", tasks["a"].Result());
        Assert.Equal("SUCCESS", tasks["b"].Result());
        Assert.Equal("SUCCESS", tasks["c"].Result());
        (await _api.PostAsync($"{Api}/jobs/run-now", new JsonObject { ["job_id"] = jobId, ["only"] = new JsonArray("zzz") }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task Get_output_of_a_task_run_has_result_error_and_trace()
    {
        var jobId = await _api.CreateJobAsync(Job("output",
            Notebook("good", new() { ["exit"] = "42 rows" }), Notebook("bad", new() { ["fail"] = "true" })));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));
        var tasks = run.TasksByKey();

        var good = (await _api.GetAsync($"{Api}/jobs/runs/get-output?run_id={tasks["good"]["run_id"].Long()}")).Ok();
        Assert.Equal("42 rows", good["notebook_output"]!["result"].Str());
        Assert.Equal(tasks["good"]["run_id"].Long(), good["metadata"]!["run_id"].Long());
        Assert.Equal("SUCCESS", good["metadata"]!.Result());

        var bad = (await _api.GetAsync($"{Api}/jobs/runs/get-output?run_id={tasks["bad"]["run_id"].Long()}")).Ok();
        Assert.Contains("fail=true", bad["error"].Str());
        Assert.Contains("Traceback", bad["error_trace"].Str());
        Assert.Equal("FAILED", bad["metadata"]!.Result());

        var multi = await _api.GetAsync($"{Api}/jobs/runs/get-output?run_id={run["run_id"].Long()}");
        multi.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Contains("multiple tasks", multi.Json!["message"].Str());
    }

    [Fact]
    public async Task Export_answers_self_contained_html_views_of_a_task_run()
    {
        var jobId = await _api.CreateJobAsync(Job("export", Notebook("report", new() { ["exit"] = "<done & dusted>" })));
        var run = await _api.WaitForRunAsync(await _api.RunNowAsync(jobId));
        var taskRunId = run["tasks"]![0]!["run_id"].Long();

        var code = (await _api.GetAsync($"{Api}/jobs/runs/export?run_id={taskRunId}")).Ok()["views"]!.AsArray();
        var view = Assert.Single(code)!;
        Assert.Equal("NOTEBOOK", view["type"].Str());
        Assert.Equal("report", view["name"].Str());
        var html = view["content"].Str();
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("&lt;done &amp; dusted&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http", html.Replace("<!DOCTYPE html>", ""));

        var all = (await _api.GetAsync($"{Api}/jobs/runs/export?run_id={taskRunId}&views_to_export=ALL")).Ok()["views"]!.AsArray();
        Assert.Equal(["NOTEBOOK", "DASHBOARD"], all.Select(v => v!["type"].Str()));
        var dashboards = (await _api.GetAsync($"{Api}/jobs/runs/export?run_id={taskRunId}&views_to_export=DASHBOARDS")).Ok()["views"]!.AsArray();
        Assert.Equal("DASHBOARD", Assert.Single(dashboards)!["type"].Str());
        (await _api.GetAsync($"{Api}/jobs/runs/export?run_id={taskRunId}&views_to_export=SOME")).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task A_one_time_run_is_a_SUBMIT_RUN()
    {
        var body = new JsonObject { ["run_name"] = "ad hoc", ["tasks"] = new JsonArray(Notebook("once", new() { ["exit"] = "x" })) };
        var runId = (await _api.PostAsync($"{Api}/jobs/runs/submit", body)).Ok()["run_id"].Long();
        var run = await _api.WaitForRunAsync(runId);
        Assert.Equal("SUBMIT_RUN", run["run_type"].Str());
        Assert.Equal("ad hoc", run["run_name"].Str());
        Assert.Equal("SUCCESS", run.Result());
        Assert.Null(run["job_id"]);

        (await _api.PostAsync($"{Api}/jobs/runs/submit", new JsonObject { ["run_name"] = "empty" })).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task The_same_idempotency_token_answers_the_same_run()
    {
        var jobId = await _api.CreateJobAsync(Job("idempotent", Notebook("a")));
        var token = Guid.NewGuid().ToString();
        var first = await _api.RunNowAsync(jobId, new JsonObject { ["idempotency_token"] = token });
        var again = await _api.RunNowAsync(jobId, new JsonObject { ["idempotency_token"] = token });
        Assert.Equal(first, again);
        var runs = (await _api.GetAsync($"{Api}/jobs/runs/list?job_id={jobId}")).Ok()["runs"]!.AsArray();
        Assert.Single(runs);

        var submitToken = Guid.NewGuid().ToString();
        var body = new JsonObject { ["idempotency_token"] = submitToken, ["tasks"] = new JsonArray(Notebook("a")) };
        var submitted = (await _api.PostAsync($"{Api}/jobs/runs/submit", body)).Ok()["run_id"].Long();
        Assert.Equal(submitted, (await _api.PostAsync($"{Api}/jobs/runs/submit", body)).Ok()["run_id"].Long());

        var tooLong = new string('x', 65);
        (await _api.PostAsync($"{Api}/jobs/run-now", new JsonObject { ["job_id"] = jobId, ["idempotency_token"] = tooLong }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");

        // A token whose run was deleted is an error, not a new run.
        await _api.WaitForRunAsync(first);
        (await _api.PostAsync($"{Api}/jobs/runs/delete", new JsonObject { ["run_id"] = first })).Ok();
        (await _api.PostAsync($"{Api}/jobs/run-now", new JsonObject { ["job_id"] = jobId, ["idempotency_token"] = token }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    /// <summary>
    /// As the service documents it: "If a run with the provided token already exists, the request does not create a new run
    /// but returns the ID of the existing run instead", whichever job the new request names.
    /// </summary>
    [Fact]
    public async Task A_token_used_for_one_jobs_run_answers_that_run_when_another_job_is_started_with_it()
    {
        var first = await _api.CreateJobAsync(Job("token-first", Notebook("a")));
        var second = await _api.CreateJobAsync(Job("token-second", Notebook("a")));
        var token = Guid.NewGuid().ToString();
        var runId = await _api.RunNowAsync(first, new JsonObject { ["idempotency_token"] = token });

        Assert.Equal(runId, await _api.RunNowAsync(second, new JsonObject { ["idempotency_token"] = token }));
        Assert.Equal(first, (await _api.GetRunAsync(runId))["job_id"].Long());
        Assert.Empty((await _api.GetAsync($"{Api}/jobs/runs/list?job_id={second}")).Ok()["runs"]?.AsArray() ?? new JsonArray());
    }

    [Fact]
    public async Task Delete_refuses_an_active_run_and_forgets_a_finished_one()
    {
        var jobId = await _api.CreateJobAsync(Job("delete-run", Notebook("a", new() { ["sleep_seconds"] = "0.5" })));
        var runId = await _api.RunNowAsync(jobId);
        (await _api.PostAsync($"{Api}/jobs/runs/delete", new JsonObject { ["run_id"] = runId })).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        var run = await _api.WaitForRunAsync(runId);
        (await _api.PostAsync($"{Api}/jobs/runs/delete", new JsonObject { ["run_id"] = runId })).Ok();
        (await _api.GetAsync($"{Api}/jobs/runs/get?run_id={runId}")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _api.GetAsync($"{Api}/jobs/runs/get-output?run_id={run["tasks"]![0]!["run_id"].Long()}")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task Runs_of_a_deleted_job_stay_readable()
    {
        var jobId = await _api.CreateJobAsync(Job("deleted-later", Notebook("a")));
        var runId = await _api.RunNowAsync(jobId);
        await _api.WaitForRunAsync(runId);
        (await _api.PostAsync($"{Api}/jobs/delete", new JsonObject { ["job_id"] = jobId })).Ok();
        Assert.Equal("SUCCESS", (await _api.GetRunAsync(runId)).Result());
    }
}
