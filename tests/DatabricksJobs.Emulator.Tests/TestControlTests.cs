using System.Diagnostics;
using System.Net;
using DatabricksJobs.Emulator.Hosting;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>Faults, stats and reset change the whole emulator, so these tests get one emulator each.</summary>
public class TestControlTests
{
    private static async Task<(EmulatorServer Server, ApiClient Api)> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = EmulatorFixture.TestOptions();
        configure?.Invoke(options);
        var server = await EmulatorServer.StartAsync(options);
        return (server, new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken));
    }

    private static Task<ApiResponse> ArmAsync(ApiClient api, string fault) => api.SendAsync(HttpMethod.Post, "/emulator/faults", fault);

    [Fact]
    public async Task A_status_fault_answers_the_next_count_matching_requests_then_stops()
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        (await ArmAsync(api, """{"method":"GET","path":"/api/2.2/jobs/list","status":429,"count":2,"retry_after_seconds":1}""")).Ok();
        Assert.Single((await api.GetAsync("/emulator/faults")).Ok()["faults"]!.AsArray());

        for (var i = 0; i < 2; i++)
        {
            var limited = await api.GetAsync("/api/2.2/jobs/list");
            limited.AssertError(HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED");
            Assert.Equal(TimeSpan.FromSeconds(1), limited.Headers.RetryAfter!.Delta);
        }
        (await api.GetAsync("/api/2.1/jobs/list")).Ok();
        (await api.GetAsync("/api/2.2/jobs/list")).Ok();
        Assert.Empty((await api.GetAsync("/emulator/faults")).Ok()["faults"]!.AsArray());

        (await ArmAsync(api, """{"path":"/jobs/list","status":503,"count":3}""")).Ok();
        (await api.GetAsync("/api/2.0/jobs/list")).AssertError(HttpStatusCode.ServiceUnavailable, "TEMPORARILY_UNAVAILABLE");
        (await api.GetAsync("/api/2.1/jobs/list")).AssertError(HttpStatusCode.ServiceUnavailable, "TEMPORARILY_UNAVAILABLE");
        (await api.SendAsync(HttpMethod.Delete, "/emulator/faults", null)).Ok();
        (await api.GetAsync("/api/2.2/jobs/list")).Ok();
    }

    [Fact]
    public async Task A_delay_fault_answers_late()
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        (await ArmAsync(api, """{"method":"GET","path":"/api/2.2/jobs/list","delay_ms":400}""")).Ok();
        var watch = Stopwatch.StartNew();
        (await api.GetAsync("/api/2.2/jobs/list")).Ok();
        Assert.True(watch.ElapsedMilliseconds >= 380, $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_dropped_connection_still_handles_the_request_and_an_idempotency_token_makes_the_retry_safe()
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        var jobId = await api.CreateJobAsync(Job("dropped", Notebook("a")));
        (await ArmAsync(api, """{"method":"POST","path":"/api/2.2/jobs/run-now","drop_connection":true}""")).Ok();

        var body = new JsonObject { ["job_id"] = jobId, ["idempotency_token"] = "retry-me" };
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => api.PostAsync("/api/2.2/jobs/run-now", body));
        var retried = (await api.PostAsync("/api/2.2/jobs/run-now", body)).Ok()["run_id"].Long();

        var runs = (await api.GetAsync($"/api/2.2/jobs/runs/list?job_id={jobId}")).Ok()["runs"]!.AsArray();
        Assert.Equal([retried], runs.Select(r => r!["run_id"].Long()));
    }

    [Fact]
    public async Task A_body_fault_answers_its_text_in_place_of_the_API_and_the_request_is_not_handled()
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", EmulatorFixture.AdminToken);
        (await ArmAsync(api, """{"method":"POST","path":"/jobs/create","body":"<html>Sign in</html>","content_type":"text/html"}""")).Ok();
        (await ArmAsync(api, """{"path":"/api/2.2/jobs/list","status":503,"retry_after_seconds":3,"body":"{\"jobs\":[{\"job_id\":{}}]}"}""")).Ok();

        using var signIn = await http.PostAsync("/api/2.2/jobs/create", new StringContent(Job("proxied", Notebook("a")).ToJsonString()));
        using var garbled = await http.GetAsync("/api/2.2/jobs/list");

        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("text/html", signIn.Content.Headers.ContentType!.MediaType);
        Assert.Equal("<html>Sign in</html>", await signIn.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, garbled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), garbled.Headers.RetryAfter!.Delta);
        Assert.Equal("application/json", garbled.Content.Headers.ContentType!.MediaType);
        Assert.Equal("""{"jobs":[{"job_id":{}}]}""", await garbled.Content.ReadAsStringAsync());
        Assert.Null((await api.GetAsync("/api/2.2/jobs/list")).Ok()["jobs"]);
        Assert.Equal(2, (await api.GetAsync("/emulator/stats")).Ok()["by_route"]!["GET /api/2.2/jobs/list"].Long());
    }

    [Theory]
    [InlineData("""{"body":"x","drop_connection":true}""")]
    [InlineData("""{"body":"x","status":101}""")]
    [InlineData("""{"status":500,"content_type":"text/html"}""")]
    [InlineData("""{"body":"x","message":"not with a body"}""")]
    public async Task A_body_fault_is_refused_with_what_it_cannot_go_with(string fault)
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;

        (await ArmAsync(api, fault)).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task A_fault_with_a_probability_hits_some_matching_requests_and_is_not_used_up()
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        (await ArmAsync(api, """{"path":"/jobs/list","status":503,"probability":0.5}""")).Ok();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 60; i++) statuses.Add((await api.GetAsync("/api/2.2/jobs/list")).Status);
        // 60 rolls of a fair coin: all alike once in 2^59.
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable));
        var armed = Assert.Single((await api.GetAsync("/emulator/faults")).Ok()["faults"]!.AsArray());
        Assert.Equal(0.5, armed!["probability"]!.GetValue<double>());
        Assert.Null(armed["count"]);
        // Another route is left alone.
        for (var i = 0; i < 10; i++) (await api.GetAsync("/api/2.2/jobs/runs/list")).Ok();

        (await api.SendAsync(HttpMethod.Delete, "/emulator/faults", null)).Ok();
        (await ArmAsync(api, """{"path":"/jobs/list","status":500,"probability":1}""")).Ok();
        for (var i = 0; i < 10; i++) (await api.GetAsync("/api/2.2/jobs/list")).AssertError(HttpStatusCode.InternalServerError, "INTERNAL_ERROR");
        Assert.Single((await api.GetAsync("/emulator/faults")).Ok()["faults"]!.AsArray());
    }

    [Fact]
    public async Task A_count_still_limits_how_often_a_fault_with_a_probability_fires()
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        (await ArmAsync(api, """{"method":"GET","path":"/jobs/list","status":503,"probability":0.5,"count":3}""")).Ok();
        var failed = 0;
        for (var i = 0; i < 80; i++)
        {
            if ((await api.GetAsync("/api/2.2/jobs/list")).Status == HttpStatusCode.ServiceUnavailable) failed++;
        }
        // Fewer than 3 hits in 80 rolls happens about once in 10^20.
        Assert.Equal(3, failed);
        Assert.Empty((await api.GetAsync("/emulator/faults")).Ok()["faults"]!.AsArray());
    }

    [Fact]
    public async Task Faults_are_tried_in_the_order_armed_and_one_whose_roll_fails_leaves_the_request_to_the_next()
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        (await ArmAsync(api, """{"path":"/jobs/list","status":500,"probability":0.5}""")).Ok();
        (await ArmAsync(api, """{"path":"/jobs/list","status":429,"retry_after_seconds":0,"count":1000}""")).Ok();
        var statuses = new List<int>();
        for (var i = 0; i < 60; i++)
        {
            var response = await api.GetAsync("/api/2.2/jobs/list");
            statuses.Add((int)response.Status);
            if (response.Status == HttpStatusCode.TooManyRequests) Assert.Equal(TimeSpan.Zero, response.Headers.RetryAfter!.Delta);
        }
        Assert.Contains(500, statuses);
        Assert.Contains(429, statuses);
        Assert.DoesNotContain(200, statuses);
        var faults = (await api.GetAsync("/emulator/faults")).Ok()["faults"]!.AsArray();
        Assert.Equal(1000 - statuses.Count(s => s == 429), faults[1]!["count"].Long());
    }

    [Fact]
    public async Task A_429_with_retry_after_zero_sends_retry_after_0()
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        (await ArmAsync(api, """{"path":"/jobs/list","status":429,"retry_after_seconds":0}""")).Ok();
        var limited = await api.GetAsync("/api/2.2/jobs/list");
        limited.AssertError(HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED");
        Assert.Equal(["0"], limited.Headers.GetValues("Retry-After"));
        Assert.Equal(TimeSpan.Zero, limited.Headers.RetryAfter!.Delta);
    }

    [Fact]
    public async Task A_dropped_connection_with_a_probability_drops_some_answers_but_handles_every_request()
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        (await ArmAsync(api, """{"method":"POST","path":"/jobs/create","drop_connection":true,"probability":0.5}""")).Ok();
        var prefix = $"soak-{Guid.NewGuid():N}";
        var (answered, dropped) = (0, 0);
        for (var i = 0; i < 40; i++)
        {
            try
            {
                await api.CreateJobAsync(Job($"{prefix}-{i}", Notebook("a")));
                answered++;
            }
            catch (HttpRequestException)
            {
                dropped++;
            }
        }
        Assert.True(answered > 0 && dropped > 0, $"{answered} answered, {dropped} dropped");
        Assert.Single((await api.GetAsync("/emulator/faults")).Ok()["faults"]!.AsArray());
        // Every request was handled, answered or not.
        var jobs = (await api.GetAsync("/api/2.2/jobs/list?limit=100")).Ok()["jobs"]!.AsArray();
        Assert.Equal(40, jobs.Count(j => j!["settings"]!["name"].Str().StartsWith(prefix, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("""{"path":"/api/2.2/jobs/list","count":1}""")]
    [InlineData("""{"path":"/api/2.2/jobs/list","status":500,"probability":0}""")]
    [InlineData("""{"path":"/api/2.2/jobs/list","status":500,"probability":-0.5}""")]
    [InlineData("""{"path":"/api/2.2/jobs/list","status":500,"probability":1.5}""")]
    [InlineData("""{"path":"/api/2.2/jobs/list","status":500,"probability":"NaN"}""")]
    [InlineData("""{"path":"/api/2.2/jobs/list","status":500,"probability":0.5,"count":0}""")]
    [InlineData("""{"path":"/api/2.2/jobs/list","status":429,"retry_after_seconds":-1}""")]
    [InlineData("""{"path":"/api/2.2/jobs/list","delay_ms":10,"retry_after_seconds":1}""")]
    [InlineData("""{"path":"/api/2.2/jobs/list","status":200}""")]
    [InlineData("""{"path":"/api/2.2/jobs/list","status":500,"count":0}""")]
    [InlineData("""{"status":"often"}""")]
    public async Task A_bad_fault_is_refused(string fault)
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        Assert.Equal(HttpStatusCode.BadRequest, (await ArmAsync(api, fault)).Status);
    }

    [Fact]
    public async Task Stats_count_requests_by_route_and_status_and_reset_forgets_everything()
    {
        var (server, api) = await StartAsync();
        await using var _ = server;
        using var __ = api;
        var jobId = await api.CreateJobAsync(Job("counted", Notebook("a")));
        await api.GetAsync($"/api/2.2/jobs/get?job_id={jobId}");
        await api.GetAsync($"/api/2.2/jobs/get?job_id={jobId}");
        await api.GetAsync("/api/2.2/jobs/get?job_id=1");
        await api.GetAsync($"/api/2.0/permissions/jobs/{jobId}");

        var stats = (await api.GetAsync("/emulator/stats")).Ok();
        Assert.Equal(5, stats["total"].Long());
        Assert.Equal(3, stats["by_route"]!["GET /api/2.2/jobs/get"].Long());
        Assert.Equal(1, stats["by_route"]!["POST /api/2.2/jobs/create"].Long());
        Assert.Equal(1, stats["by_route"]!["GET /api/2.0/permissions/jobs/{id}"].Long());
        Assert.Equal(4, stats["by_status"]!["200"].Long());
        Assert.Equal(1, stats["by_status"]!["404"].Long());

        (await api.PostAsync("/emulator/reset", null)).Ok();
        (await api.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.Null((await api.GetAsync("/api/2.2/jobs/list")).Ok()["jobs"]);
        (await api.SendAsync(HttpMethod.Delete, "/emulator/stats", null)).Ok();
        Assert.Equal(0, (await api.GetAsync("/emulator/stats")).Ok()["total"].Long());
    }

    [Fact]
    public async Task The_rate_limit_answers_429_with_retry_after_per_token()
    {
        var (server, api) = await StartAsync(o => o.RateLimitPerSecond = 5);
        await using var _ = server;
        using var __ = api;
        using var user = new ApiClient(server.BaseUrl, EmulatorFixture.UserToken);

        var statuses = new List<HttpStatusCode>();
        ApiResponse? limited = null;
        for (var i = 0; i < 12; i++)
        {
            var response = await api.GetAsync("/api/2.2/jobs/list");
            statuses.Add(response.Status);
            if (response.Status == HttpStatusCode.TooManyRequests) limited = response;
        }
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.NotNull(limited);
        limited!.AssertError(HttpStatusCode.TooManyRequests, "REQUEST_LIMIT_EXCEEDED");
        Assert.NotNull(limited.Headers.RetryAfter);
        // Another token has its own budget.
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/2.2/jobs/list")).Status);
    }
}

public class StateFileTests
{
    [Fact]
    public async Task Jobs_runs_and_idempotency_tokens_survive_a_restart()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"emulator-state-{Guid.NewGuid():N}.json");
        try
        {
            var options = EmulatorFixture.TestOptions();
            options.StateFile = path;
            long jobId, finishedRun, activeRun;
            var server = await EmulatorServer.StartAsync(options);
            using (var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken))
            {
                var settings = Job("durable", Notebook("a", new() { ["exit"] = "kept" }));
                settings["max_concurrent_runs"] = 2;
                jobId = await api.CreateJobAsync(settings);
                finishedRun = await api.RunNowAsync(jobId, new JsonObject { ["idempotency_token"] = "durable-token" });
                await api.WaitForRunAsync(finishedRun);
                activeRun = await api.RunNowAsync(jobId, new JsonObject { ["notebook_params"] = new JsonObject { ["sleep_seconds"] = "1" } });
                Assert.True(File.Exists(path), "A write is durable before the response.");
            }
            await server.DisposeAsync();
            Assert.Empty(Directory.GetFiles(System.IO.Path.GetTempPath(), $".{System.IO.Path.GetFileName(path)}.*.tmp"));

            await using var restarted = await EmulatorServer.StartAsync(options);
            using var again = new ApiClient(restarted.BaseUrl, EmulatorFixture.AdminToken);
            Assert.Equal("durable", (await again.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).Ok()["settings"]!["name"].Str());
            var finished = await again.GetRunAsync(finishedRun);
            Assert.Equal("SUCCESS", finished.Result());
            var output = (await again.GetAsync($"/api/2.2/jobs/runs/get-output?run_id={finished["tasks"]![0]!["run_id"].Long()}")).Ok();
            Assert.Equal("kept", output["notebook_output"]!["result"].Str());
            Assert.Equal(finishedRun, await again.RunNowAsync(jobId, new JsonObject { ["idempotency_token"] = "durable-token" }));
            // A run that was active when the emulator stopped carries on.
            Assert.Equal("SUCCESS", (await again.WaitForRunAsync(activeRun)).Result());
            // New ids never reuse old ones.
            Assert.True(await again.CreateJobAsync(Job("after-restart", Notebook("a"))) > activeRun);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_state_file_holds_each_job_once()
    {
        var directory = Directory.CreateTempSubdirectory("emulator-state-").FullName;
        try
        {
            var options = EmulatorFixture.TestOptions();
            options.StateFile = System.IO.Path.Combine(directory, "state.json");
            var marker = $"marker-{Guid.NewGuid():N}";
            await using (var server = await EmulatorServer.StartAsync(options))
            {
                using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
                await api.CreateJobAsync(Job(marker, Notebook("a")));
            }
            var text = string.Concat(Directory.GetFiles(directory).Select(File.ReadAllText));
            Assert.Equal(1, (text.Length - text.Replace(marker, "").Length) / marker.Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_file_that_is_not_a_state_file_stops_the_start_with_a_clear_error()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"emulator-state-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "this is not json");
        try
        {
            var options = EmulatorFixture.TestOptions();
            options.StateFile = path;
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => EmulatorServer.StartAsync(options));
            Assert.Contains(path, error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public class LoadTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Many_clients_creating_running_and_listing_at_once_lose_and_duplicate_nothing()
    {
        const int clients = 8, jobsEach = 10;
        var prefix = $"load-{Guid.NewGuid():N}";
        var results = await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            using var api = new ApiClient(emulator.Server.BaseUrl, EmulatorFixture.AdminToken);
            var made = new List<(long Job, long Run)>();
            for (var j = 0; j < jobsEach; j++)
            {
                var jobId = await api.CreateJobAsync(Job($"{prefix}-{c}", Notebook("a")));
                var runId = await api.RunNowAsync(jobId);
                (await api.GetAsync("/api/2.2/jobs/list?limit=100")).Ok();
                (await api.GetAsync("/api/2.2/jobs/runs/list?active_only=true")).Ok();
                made.Add((jobId, runId));
            }
            return made;
        }));

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(clients * jobsEach, all.Select(a => a.Job).Distinct().Count());
        Assert.Equal(clients * jobsEach, all.Select(a => a.Run).Distinct().Count());
        for (var c = 0; c < clients; c++)
        {
            var listed = (await emulator.Admin.GetAsync($"/api/2.2/jobs/list?name={prefix}-{c}&limit=100")).Ok()["jobs"]!.AsArray();
            Assert.Equal(results[c].Select(r => r.Job).Order(), listed.Select(j => j!["job_id"].Long()).Order());
        }
        foreach (var (jobId, runId) in all)
        {
            var runs = (await emulator.Admin.GetAsync($"/api/2.2/jobs/runs/list?job_id={jobId}")).Ok()["runs"]!.AsArray();
            Assert.Equal([runId], runs.Select(r => r!["run_id"].Long()));
        }
        var stats = (await emulator.Admin.GetAsync("/emulator/stats")).Ok();
        Assert.Null(stats["by_status"]!["500"]);
    }
}
