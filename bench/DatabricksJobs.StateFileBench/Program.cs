using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Hosting;

// What one API write costs with --state-file at a few MB of state, against the same emulator without a state file.
// Seeds --jobs jobs (five tasks, a job cluster, parameters and tags each: about 2 KB on disk; the default 1,800 make
// about 3.5 MB) in-process, stops
// and restarts the emulator on that state (timing the start), then times sequential writes over loopback HTTP:
// jobs/create, jobs/reset of an existing job, and jobs/run-now (whose runs then advance in the background).
// `dotnet run -c Release --project bench/DatabricksJobs.StateFileBench [-- --jobs N --samples N]`

var jobs = 1_800;
var samples = 300;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--jobs": jobs = int.Parse(args[i + 1]); break;
        case "--samples": samples = int.Parse(args[i + 1]); break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
    }
}

var admin = new Caller(EmulatorOptions.DefaultUser, IsAdmin: true);
var directory = Path.Combine(Path.GetTempPath(), $"state-file-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(directory);
var report = new StringBuilder();
try
{
    foreach (var withFile in new[] { false, true })
    {
        var statePath = withFile ? Path.Combine(directory, "state.json") : null;
        EmulatorOptions Options() => new()
        {
            Urls = "http://127.0.0.1:0", TaskDuration = TimeSpan.FromMilliseconds(500), StateFile = statePath,
        };

        // Seed in-process, and stop: the state is then on disk as a clean shutdown leaves it.
        var seeding = await EmulatorServer.StartAsync(Options());
        seeding.Workspace.Locked(() =>
        {
            for (var i = 0; i < jobs; i++) seeding.Workspace.CreateJob(Settings(i), admin);
            seeding.Workspace.PersistIfNeeded(force: true);
        });
        var seededJobs = seeding.Workspace.Shared(() => seeding.Workspace.JobCount);
        EmulatorServer server;
        var start = Stopwatch.StartNew();
        if (withFile)
        {
            await seeding.DisposeAsync();
            start.Restart();
            server = await EmulatorServer.StartAsync(Options());
        }
        else
        {
            server = seeding;
        }
        start.Stop();
        var loadedJobs = server.Workspace.Shared(() => server.Workspace.JobCount);
        if (loadedJobs != seededJobs) throw new InvalidOperationException($"Seeded {seededJobs} jobs, the restart found {loadedJobs}.");
        var filesAtStart = Files(directory, statePath);

        await using (server)
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorOptions.DefaultToken);
            var firstJob = JsonNode.Parse(await http.GetStringAsync("/api/2.2/jobs/list?limit=100"))!["jobs"]!.AsArray()
                .Select(j => j!["job_id"]!.GetValue<long>()).ToList();

            async Task<double> PostAsync(string path, JsonNode body)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                await response.Content.ReadAsByteArrayAsync();
                watch.Stop();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
                return watch.Elapsed.TotalMilliseconds;
            }

            async Task<string> LatencyAsync(string name, Func<int, (string Path, JsonNode Body)> request)
            {
                for (var i = 0; i < 20; i++)
                {
                    var (path, body) = request(samples + i);
                    await PostAsync(path, body); // warm up
                }
                var times = new List<double>();
                for (var i = 0; i < samples; i++)
                {
                    var (path, body) = request(i);
                    times.Add(await PostAsync(path, body));
                }
                times.Sort();
                return $"| {(withFile ? "state file" : "no state file")} | {name} | {times[times.Count / 2]:F2} | {times.Average():F2} | {times[(int)(times.Count * 0.95)]:F2} | {times[^1]:F2} |";
            }

            report.AppendLine(await LatencyAsync("jobs/create", i => ("/api/2.2/jobs/create", Settings(jobs + i))));
            report.AppendLine(await LatencyAsync("jobs/reset", i => ("/api/2.2/jobs/reset",
                new JsonObject { ["job_id"] = firstJob[i % firstJob.Count], ["new_settings"] = Settings(i) })));
            report.AppendLine(await LatencyAsync("jobs/run-now", i => ("/api/2.2/jobs/run-now",
                new JsonObject { ["job_id"] = firstJob[i % firstJob.Count] })));
        }
        if (withFile)
        {
            Console.WriteLine($"State on disk after the seeding ({seededJobs:N0} jobs): {filesAtStart}; start on it: {start.Elapsed.TotalMilliseconds:N0} ms.");
            Console.WriteLine($"State on disk after the writes and a clean stop: {Files(directory, statePath)}.");
        }
    }

    Console.WriteLine($"""

        Sequential writes over loopback, {samples} samples each after 20 to warm up (ms):

        | emulator | request | p50 | mean | p95 | max |
        |---|---|---:|---:|---:|---:|
        {report.ToString().TrimEnd()}
        """);
    return 0;
}
finally
{
    Directory.Delete(directory, recursive: true);
}

static string Files(string directory, string? statePath) =>
    statePath is null
        ? "none"
        : string.Join(", ", Directory.GetFiles(directory).Order().Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length / 1024.0 / 1024.0:F2} MB"));

/// <summary>A job of five notebook tasks in a chain, a job cluster, parameters and tags: about 1 KB of JSON.</summary>
static JsonObject Settings(int i)
{
    var tasks = new JsonArray();
    for (var t = 0; t < 5; t++)
    {
        var task = new JsonObject
        {
            ["task_key"] = $"step_{t}",
            ["description"] = $"Step {t} of the nightly load of partition {i}",
            ["job_cluster_key"] = "main",
            ["notebook_task"] = new JsonObject
            {
                ["notebook_path"] = $"/Workspace/etl/nightly/step_{t}",
                ["base_parameters"] = new JsonObject { ["partition"] = i.ToString(), ["mode"] = "incremental" },
            },
        };
        if (t > 0) task["depends_on"] = new JsonArray(new JsonObject { ["task_key"] = $"step_{t - 1}" });
        tasks.Add(task);
    }
    return new JsonObject
    {
        ["name"] = $"bench-job-{i}",
        ["description"] = "A benchmark job: five notebook steps on one job cluster.",
        ["max_concurrent_runs"] = 100,
        ["tags"] = new JsonObject { ["team"] = "data", ["env"] = "bench", ["cost_center"] = "1234" },
        ["parameters"] = new JsonArray(new JsonObject { ["name"] = "run_date", ["default"] = "2026-01-01" }),
        ["job_clusters"] = new JsonArray(new JsonObject
        {
            ["job_cluster_key"] = "main",
            ["new_cluster"] = new JsonObject { ["spark_version"] = "15.4.x-scala2.12", ["node_type_id"] = "Standard_DS3_v2", ["num_workers"] = 2 },
        }),
        ["tasks"] = tasks,
    };
}
