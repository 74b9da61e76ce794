using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Model;

// Loads the emulator with 10,000 jobs and 100,000 finished runs, then measures it over loopback HTTP:
// runs/get per second, the latency of jobs/list and runs/list pages, and memory.
// `dotnet run -c Release --project bench/DatabricksJobs.Emulator.Bench [-- --jobs N --runs-per-job N --seconds N]`

var jobs = 10_000;
var runsPerJob = 10;
var seconds = 10;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--jobs": jobs = int.Parse(args[i + 1]); break;
        case "--runs-per-job": runsPerJob = int.Parse(args[i + 1]); break;
        case "--seconds": seconds = int.Parse(args[i + 1]); break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
    }
}

var clock = new ManualClock(DateTimeOffset.UtcNow.AddDays(-1));
var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", TaskDuration = TimeSpan.FromSeconds(1), Clock = clock };
await using var server = await EmulatorServer.StartAsync(options);
var workspace = server.Workspace;
var admin = new Caller(EmulatorOptions.DefaultUser, IsAdmin: true);

// Seed in-process (the HTTP path is what is measured), moving the clock by hand so runs finish at once.
var seed = Stopwatch.StartNew();
var jobIds = new long[jobs];
lock (workspace.Gate)
{
    for (var i = 0; i < jobs; i++)
    {
        var settings = new JsonObject
        {
            ["name"] = $"bench-job-{i % 1000}",
            ["max_concurrent_runs"] = runsPerJob,
            ["tasks"] = new JsonArray(new JsonObject
            {
                ["task_key"] = "main",
                ["notebook_task"] = new JsonObject { ["notebook_path"] = "/bench/main", ["base_parameters"] = new JsonObject { ["exit"] = "ok" } },
            }),
        };
        jobIds[i] = workspace.CreateJob(settings, admin);
    }
}
var runIds = new List<long>(jobs * runsPerJob);
for (var round = 0; round < runsPerJob; round++)
{
    lock (workspace.Gate)
    {
        foreach (var jobId in jobIds) runIds.Add(workspace.RunNow(new RunNowRequest { JobId = jobId }, admin, server.BaseUrl).RunId);
    }
    clock.Advance(TimeSpan.FromMilliseconds(1));
}
for (var step = 0; step < 20; step++)
{
    clock.Advance(TimeSpan.FromSeconds(1));
    lock (workspace.Gate) workspace.Tick();
}
seed.Stop();
var (jobCount, runCount) = workspace.Locked(() => (workspace.JobCount, workspace.RunCount));

GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var managedMb = GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0;
var workingSetMb = Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024.0;

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(server.BaseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorOptions.DefaultToken);

async Task<double> TimeAsync(string path)
{
    var watch = Stopwatch.StartNew();
    using var response = await http.GetAsync(path);
    await response.Content.ReadAsByteArrayAsync();
    watch.Stop();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)response.StatusCode}");
    return watch.Elapsed.TotalMilliseconds;
}

async Task<string> LatencyAsync(string name, Func<int, Task<string>> pathOf, int count = 200)
{
    for (var i = 0; i < 20; i++) await TimeAsync(await pathOf(i)); // warm up
    var samples = new List<double>();
    for (var i = 0; i < count; i++) samples.Add(await TimeAsync(await pathOf(i)));
    samples.Sort();
    return $"| {name} | {samples[samples.Count / 2]:F2} | {samples[(int)(samples.Count * 0.95)]:F2} | {samples[^1]:F2} |";
}

async Task<string> TokenAfterPagesAsync(string path, int pages)
{
    string? token = null;
    for (var i = 0; i < pages; i++)
    {
        var page = JsonNode.Parse(await http.GetStringAsync(path + (token is null ? "" : $"&page_token={token}")))!;
        token = page["next_page_token"]!.GetValue<string>();
    }
    return token!;
}

// Throughput of runs/get: concurrent clients over loopback for a fixed time.
async Task<double> RunsGetPerSecondAsync(int clients)
{
    var stop = DateTime.UtcNow.AddSeconds(seconds);
    var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
    {
        var random = new Random(c);
        var done = 0;
        while (DateTime.UtcNow < stop)
        {
            using var response = await http.GetAsync($"/api/2.2/jobs/runs/get?run_id={runIds[random.Next(runIds.Count)]}");
            await response.Content.ReadAsByteArrayAsync();
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"runs/get: {(int)response.StatusCode}");
            done++;
        }
        return done;
    }));
    return counts.Sum() / (double)seconds;
}

var deepJobsToken = await TokenAfterPagesAsync("/api/2.2/jobs/list?limit=25", 200);
var deepRunsToken = await TokenAfterPagesAsync("/api/2.2/jobs/runs/list?limit=25", 2000);
var latencies = new List<string>
{
    await LatencyAsync("jobs/list, first page (25)", _ => Task.FromResult("/api/2.2/jobs/list?limit=25")),
    await LatencyAsync("jobs/list, page 201 by token (25)", _ => Task.FromResult($"/api/2.2/jobs/list?limit=25&page_token={deepJobsToken}")),
    await LatencyAsync("jobs/list, name filter (10 of 10,000)", i => Task.FromResult($"/api/2.2/jobs/list?name=bench-job-{i % 1000}")),
    await LatencyAsync("jobs/list, expand_tasks (100)", _ => Task.FromResult("/api/2.2/jobs/list?limit=100&expand_tasks=true")),
    await LatencyAsync("runs/list, newest page (25)", _ => Task.FromResult("/api/2.2/jobs/runs/list?limit=25")),
    await LatencyAsync("runs/list, page 2001 by token (25)", _ => Task.FromResult($"/api/2.2/jobs/runs/list?limit=25&page_token={deepRunsToken}")),
    await LatencyAsync("runs/list, one job's runs", i => Task.FromResult($"/api/2.2/jobs/runs/list?job_id={jobIds[i % jobIds.Length]}")),
    await LatencyAsync("runs/list, active_only (none active)", _ => Task.FromResult("/api/2.2/jobs/runs/list?active_only=true")),
    await LatencyAsync("runs/get, one run", i => Task.FromResult($"/api/2.2/jobs/runs/get?run_id={runIds[i * 37 % runIds.Count]}")),
};
var throughput = new List<string>();
foreach (var clients in new[] { 1, 8, 32 }) throughput.Add($"| {clients} | {await RunsGetPerSecondAsync(clients):N0} |");

Console.WriteLine($"""
    Loaded {jobCount:N0} jobs and {runCount:N0} runs in {seed.Elapsed.TotalSeconds:F1} s (in-process, clock moved by hand).
    Memory after load: {managedMb:N0} MB managed heap, {workingSetMb:N0} MB working set (emulator and load generator in one process).

    runs/get per second over loopback ({seconds} s each, client and server on the same {Environment.ProcessorCount} cores):

    | concurrent clients | runs/get per second |
    |---:|---:|
    {string.Join("\n", throughput)}

    Latency of one request, sequential (ms, 200 samples):

    | request | p50 | p95 | max |
    |---|---:|---:|---:|
    {string.Join("\n", latencies)}
    """);
return 0;

/// <summary>A clock the benchmark moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
