using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DatabricksJobs.Emulator.Hosting;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>The emulator as a newcomer starts it: a child process that prints what a shell needs.</summary>
public class CommandLineTests
{
    private static readonly string EmulatorDll = Path.Combine(AppContext.BaseDirectory, "DatabricksJobs.Emulator.dll");

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(EmulatorDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    [Fact]
    public async Task It_prints_the_host_and_token_to_use_and_stops_cleanly_on_ctrl_c()
    {
        using var process = Start("--urls", "http://127.0.0.1:0", "--token", "dapi-cli-test", "--task-duration", "0.2");
        try
        {
            var host = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var token = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Matches(@"^DATABRICKS_HOST=http://127\.0\.0\.1:\d+$", host);
            Assert.Equal("DATABRICKS_TOKEN=dapi-cli-test", token);

            using var api = new ApiClient(host!["DATABRICKS_HOST=".Length..], "dapi-cli-test");
            Assert.Equal("emulator-user@example.com", (await api.GetAsync("/api/2.0/preview/scim/v2/Me")).Ok()["userName"]!.GetValue<string>());

            if (OperatingSystem.IsWindows()) return;
            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString()])) await interrupt.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task An_oauth_client_given_on_the_command_line_gets_tokens_that_live_as_long_as_told()
    {
        using var process = Start("--urls", "http://127.0.0.1:0", "--oauth-client", "cli-client=cli-secret", "--token-lifetime", "120");
        try
        {
            var host = (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!["DATABRICKS_HOST=".Length..];
            using var http = new HttpClient { BaseAddress = new Uri(host) };
            using var response = await http.PostAsync("/oidc/v1/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["scope"] = "all-apis", ["client_id"] = "cli-client", ["client_secret"] = "cli-secret",
            }));
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.InRange(json["expires_in"]!.GetValue<long>(), 100, 120);
            using var api = new ApiClient(host, json["access_token"]!.GetValue<string>());
            Assert.Equal("cli-client", (await api.GetAsync("/api/2.0/preview/scim/v2/Me")).Ok()["userName"]!.GetValue<string>());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task A_federation_policy_given_on_the_command_line_lets_a_matching_id_token_in()
    {
        using var process = Start("--urls", "http://127.0.0.1:0", "--federation-policy", "https://token.actions.githubusercontent.com|repo:acme/jobs:environment:prod|api://ci=sp-client");
        try
        {
            var host = (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!["DATABRICKS_HOST=".Length..];
            using var http = new HttpClient { BaseAddress = new Uri(host) };
            using var response = await http.PostAsync("/oidc/v1/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["client_id"] = "sp-client",
                ["subject_token_type"] = "urn:ietf:params:oauth:token-type:jwt",
                ["subject_token"] = IdentityTests.Jwt("https://token.actions.githubusercontent.com", "repo:acme/jobs:environment:prod", "api://ci", 60),
            }));
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            using var api = new ApiClient(host, json["access_token"]!.GetValue<string>());
            Assert.Equal("sp-client", (await api.GetAsync("/api/2.0/preview/scim/v2/Me")).Ok()["userName"]!.GetValue<string>());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task A_refresh_token_given_on_the_command_line_is_redeemed_once_for_its_users_token()
    {
        using var process = Start("--urls", "http://127.0.0.1:0", "--refresh-token", "cli-refresh=cli-user@example.com");
        try
        {
            var host = (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!["DATABRICKS_HOST=".Length..];
            using var http = new HttpClient { BaseAddress = new Uri(host) };
            async Task<HttpResponseMessage> Redeem() => await http.PostAsync("/oidc/v1/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["refresh_token"] = "cli-refresh", ["client_id"] = "databricks-cli",
            }));
            using var response = await Redeem();
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.NotEqual("cli-refresh", json["refresh_token"]!.GetValue<string>());
            using var api = new ApiClient(host, json["access_token"]!.GetValue<string>());
            Assert.Equal("cli-user@example.com", (await api.GetAsync("/api/2.0/preview/scim/v2/Me")).Ok()["userName"]!.GetValue<string>());
            using var again = await Redeem();
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, again.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task A_managed_identity_given_on_the_command_line_gets_workspace_tokens_at_the_identity_endpoint_it_prints()
    {
        const string system = "5a5a5a5a-0000-4000-8000-0000000000c1", user = "5b5b5b5b-0000-4000-8000-0000000000c1";
        using var process = Start("--urls", "http://127.0.0.1:0", "--managed-identity", system, "--user-assigned-identity", user,
            "--identity-header", "cli-identity-header");
        try
        {
            var lines = new List<string>();
            for (var i = 0; i < 5; i++) lines.Add((await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!);
            var printed = lines.Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
            var host = printed["DATABRICKS_HOST"];
            Assert.Equal(["DATABRICKS_HOST", "DATABRICKS_TOKEN", "IDENTITY_ENDPOINT", "IDENTITY_HEADER", "DATABRICKS_AZURE_RESOURCE_ID"], printed.Keys);
            Assert.Equal($"{host}/emulator/azure/msi/token", printed["IDENTITY_ENDPOINT"]);
            Assert.Equal("cli-identity-header", printed["IDENTITY_HEADER"]);
            Assert.Equal(new EmulatorOptions().AzureWorkspaceResourceId, printed["DATABRICKS_AZURE_RESOURCE_ID"]);

            // As the module asks in Azure Automation: the system-assigned identity without a client id, a user-assigned one with it.
            using var http = new HttpClient();
            async Task<HttpResponseMessage> Ask(string query, string header)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{printed["IDENTITY_ENDPOINT"]}?api-version=2019-08-01&resource=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d{query}");
                request.Headers.Add("X-IDENTITY-HEADER", header);
                return await http.SendAsync(request);
            }
            foreach (var (query, principal) in new[] { ("", system), ($"&client_id={user}", user) })
            {
                using var answer = await Ask(query, printed["IDENTITY_HEADER"]);
                var token = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["access_token"]!.GetValue<string>();
                using var api = new ApiClient(host, token);
                Assert.Equal(principal, (await api.GetAsync("/api/2.0/preview/scim/v2/Me")).Ok()["userName"]!.GetValue<string>());
            }
            using var wrongHeader = await Ask("", "another-header");
            Assert.Equal(HttpStatusCode.Unauthorized, wrongHeader.StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task Every_answered_write_survives_kill_9_at_any_moment()
    {
        const string token = "dapi-kill-test";
        var directory = Directory.CreateTempSubdirectory("emulator-kill-").FullName;
        var state = Path.Combine(directory, "state.json");
        var jobs = new ConcurrentDictionary<long, string>();
        var runs = new ConcurrentDictionary<string, (long JobId, long RunId)>();
        try
        {
            for (var round = 0; round < 4; round++)
            {
                using var process = Start("--urls", "http://127.0.0.1:0", "--token", token, "--task-duration", "0.05", "--state-file", state);
                try
                {
                    var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
                    Assert.True(line?.StartsWith("DATABRICKS_HOST=") == true, $"round {round}: {line} {await ErrorsOf(process)}");
                    var host = line!["DATABRICKS_HOST=".Length..];
                    using (var api = new ApiClient(host, token)) await AssertAllThereAsync(api, jobs, runs, round);
                    if (round == 3) break;

                    // Writers, until the kill cuts them off in the middle of whatever they were doing.
                    var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
                    {
                        using var api = new ApiClient(host, token);
                        for (var i = 0; ; i++)
                        {
                            var name = $"round-{round}-writer-{w}-{i}";
                            try
                            {
                                var jobId = await api.CreateJobAsync(Job(name, Notebook("a")));
                                jobs[jobId] = name;
                                var runId = await api.RunNowAsync(jobId, new JsonObject { ["idempotency_token"] = name });
                                runs[name] = (jobId, runId);
                            }
                            catch (HttpRequestException)
                            {
                                return;
                            }
                        }
                    })).ToList();
                    // Once the writers are under way (however slow a loaded machine is), kill at a random moment.
                    var deadline = DateTime.UtcNow.AddSeconds(30);
                    while (jobs.Keys.All(id => !jobs[id].StartsWith($"round-{round}-", StringComparison.Ordinal)))
                    {
                        Assert.True(DateTime.UtcNow < deadline && !writers.All(w => w.IsCompleted), $"round {round}: no write was answered");
                        await Task.Delay(5);
                    }
                    await Task.Delay(Random.Shared.Next(100, 700));
                    process.Kill(); // SIGKILL: no shutdown, no last write
                    await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
                    await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
                }
                finally
                {
                    if (!process.HasExited) process.Kill(entireProcessTree: true);
                }
            }
            // A kill in the middle of a write is no damage: nothing was reported, nothing kept aside.
            Assert.Empty(Directory.GetFiles(directory, "state.json.damaged-*"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<string> ErrorsOf(Process process) =>
        process.HasExited ? await process.StandardError.ReadToEndAsync() : "";

    /// <summary>Every job and run whose creation was answered is there, and every idempotency token still names its run.</summary>
    private static async Task AssertAllThereAsync(ApiClient api, ConcurrentDictionary<long, string> jobs, ConcurrentDictionary<string, (long JobId, long RunId)> runs, int round)
    {
        var found = new Dictionary<long, string>();
        string? pageToken = null;
        do
        {
            var page = (await api.GetAsync($"/api/2.2/jobs/list?limit=100{(pageToken is null ? "" : $"&page_token={pageToken}")}")).Ok();
            foreach (var job in page["jobs"]?.AsArray() ?? []) found[job!["job_id"].Long()] = job["settings"]!["name"].Str();
            pageToken = page["next_page_token"]?.GetValue<string>();
        } while (pageToken is not null);
        foreach (var (jobId, name) in jobs) Assert.True(found.GetValueOrDefault(jobId) == name, $"round {round}: job {jobId} ({name}) was answered but is gone");

        var runIds = new HashSet<long>();
        do
        {
            var page = (await api.GetAsync($"/api/2.2/jobs/runs/list?limit=25{(pageToken is null ? "" : $"&page_token={pageToken}")}")).Ok();
            foreach (var run in page["runs"]?.AsArray() ?? []) runIds.Add(run!["run_id"].Long());
            pageToken = page["next_page_token"]?.GetValue<string>();
        } while (pageToken is not null);
        foreach (var (name, (_, runId)) in runs) Assert.True(runIds.Contains(runId), $"round {round}: run {runId} ({name}) was answered but is gone");
        foreach (var (name, (jobId, runId)) in runs.Take(50))
            Assert.Equal(runId, await api.RunNowAsync(jobId, new JsonObject { ["idempotency_token"] = name }));
    }

    [Fact]
    public async Task A_port_another_process_listens_on_is_one_line_that_says_what_to_do()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)other.LocalEndpoint).Port}";

        using var process = Start("--urls", url);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, process.ExitCode);
        var error = (await process.StandardError.ReadToEndAsync()).TrimEnd();
        Assert.Equal(
            $"The emulator could not start: another process is listening on {url}. Stop it, or pick another port with --urls (port 0 picks a free one: --urls http://127.0.0.1:0).",
            error);
        Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
    }

    [Fact]
    public async Task A_task_duration_of_zero_is_refused_saying_what_it_takes()
    {
        using var process = Start("--task-duration", "0");
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--task-duration takes seconds more than 0 and at most 86400, not '0'.", await process.StandardError.ReadToEndAsync());
    }

    [Theory]
    [InlineData("--task-duration", "soon")]
    [InlineData("--rate-limit", "-1")]
    [InlineData("--no-such-option")]
    [InlineData("--token")]
    [InlineData("--oauth-client", "no-secret")]
    [InlineData("--refresh-token", "no-user")]
    [InlineData("--federation-policy", "https://issuer|no-client-id")]
    [InlineData("--federation-policy", "https://issuer=client")]
    [InlineData("--federation-policy", "https://issuer|sub|aud|extra=client")]
    [InlineData("--federation-policy", "https://issuer||aud=client")]
    [InlineData("--token-lifetime", "0")]
    [InlineData("--managed-identity", "runbook")]
    [InlineData("--managed-identity", "5a5a5a5a-0000-4000-8000-000000000000", "--managed-identity", "5a5a5a5a-0000-4000-8000-000000000001")]
    [InlineData("--user-assigned-identity", "--urls")]
    [InlineData("--identity-header", "")]
    public async Task A_bad_option_exits_2_with_the_usage(params string[] args)
    {
        using var process = Start(args);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        var error = await process.StandardError.ReadToEndAsync();
        Assert.Contains("Usage: DatabricksJobs.Emulator", error);
        Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
    }
}
