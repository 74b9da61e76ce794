using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Model;
using DatabricksJobs.Bench;

// Loads the emulator with 10,000 jobs and 100,000 finished runs, then measures it over loopback HTTP: runs/get and
// name-filtered jobs/list per second with 1 to 32 clients, both with a writer beside 8 readers, the latency of
// jobs/list and runs/list pages, and memory.
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

// Seed in-process (the HTTP path is what is measured), moving the clock by hand so runs finish at once.
var seed = Stopwatch.StartNew();
var (jobIds, runIds) = EndedRuns.Seed(server, clock, jobs, runsPerJob, i => new JsonObject
{
    ["name"] = $"bench-job-{i % 1000}",
    ["max_concurrent_runs"] = runsPerJob,
    ["tasks"] = new JsonArray(new JsonObject
    {
        ["task_key"] = "main",
        ["notebook_task"] = new JsonObject { ["notebook_path"] = "/bench/main", ["base_parameters"] = new JsonObject { ["exit"] = "ok" } },
    }),
});
seed.Stop();
var (jobCount, runCount) = workspace.Locked(() => (workspace.JobCount, workspace.RunCount));

GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var managedMb = GC.GetTotalMemory(forceFullCollection: true) / 1024.0 / 1024.0;
var workingSetMb = Process.GetCurrentProcess().WorkingSet64 / 1024.0 / 1024.0;

using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(server.BaseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorOptions.DefaultToken);

async Task<string> LatencyAsync(string name, Func<int, Task<string>> pathOf, int count = 200)
{
    for (var i = 0; i < 20; i++) await SendAsync(HttpMethod.Get, await pathOf(i)); // warm up
    var samples = new List<double>();
    for (var i = 0; i < count; i++) samples.Add(await SendAsync(HttpMethod.Get, await pathOf(i)));
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

static double Median(List<double> samples)
{
    samples.Sort();
    return samples.Count == 0 ? double.NaN : samples[samples.Count / 2];
}

async Task<double> SendAsync(HttpMethod method, string path, HttpContent? content = null)
{
    using var request = new HttpRequestMessage(method, path) { Content = content };
    var watch = Stopwatch.StartNew();
    using var response = await http.SendAsync(request);
    await response.Content.ReadAsByteArrayAsync();
    watch.Stop();
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{request.RequestUri}: {(int)response.StatusCode}");
    return watch.Elapsed.TotalMilliseconds;
}

// Readers (GETs of readPath) for a fixed time, with or without one writer beside them that updates a job's description
// (never its name) one request after another. Counts are of answered requests; latencies are each client's own.
async Task<string> LoadAsync(string what, int readers, Func<Random, string> readPath, bool writer)
{
    var stop = DateTime.UtcNow.AddSeconds(seconds);
    var reads = Enumerable.Range(0, readers).Select(async c =>
    {
        var random = new Random(c);
        var samples = new List<double>();
        while (DateTime.UtcNow < stop) samples.Add(await SendAsync(HttpMethod.Get, readPath(random)));
        return samples;
    }).ToList();
    var writes = Task.Run(async () =>
    {
        var samples = new List<double>();
        var random = new Random(-1);
        while (writer && DateTime.UtcNow < stop)
        {
            var body = new JsonObject
            {
                ["job_id"] = jobIds[random.Next(jobIds.Length)],
                ["new_settings"] = new JsonObject { ["description"] = $"update {samples.Count}" },
            };
            samples.Add(await SendAsync(HttpMethod.Post, "/api/2.2/jobs/update",
                new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json")));
        }
        return samples;
    });
    var readSamples = (await Task.WhenAll(reads)).SelectMany(s => s).ToList();
    var writeSamples = await writes;
    var writeColumns = writer ? $"{writeSamples.Count / (double)seconds:N0} | {Median(writeSamples):F2}" : "- | -";
    return $"| {what} | {readers} | {readSamples.Count / (double)seconds:N0} | {Median(readSamples):F2} | {writeColumns} |";
}

string RandomRunGet(Random random) => $"/api/2.2/jobs/runs/get?run_id={runIds[random.Next(runIds.Count)]}";
string RandomNameFilter(Random random) => $"/api/2.2/jobs/list?name=bench-job-{random.Next(1000)}";

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
foreach (var clients in new[] { 1, 8, 32 }) throughput.Add(await LoadAsync("runs/get", clients, RandomRunGet, writer: false));
throughput.Add(await LoadAsync("runs/get, with a writer", 8, RandomRunGet, writer: true));
foreach (var clients in new[] { 1, 8 }) throughput.Add(await LoadAsync("jobs/list?name= (10 of 10,000)", clients, RandomNameFilter, writer: false));
throughput.Add(await LoadAsync("jobs/list?name=, with a writer", 8, RandomNameFilter, writer: true));

Console.WriteLine($"""
    Loaded {jobCount:N0} jobs and {runCount:N0} runs in {seed.Elapsed.TotalSeconds:F1} s (in-process, clock moved by hand).
    Memory after load: {managedMb:N0} MB managed heap, {workingSetMb:N0} MB working set (emulator and load generator in one process).

    Requests per second over loopback ({seconds} s each, client and server on the same {Environment.ProcessorCount} cores); the writer
    sends jobs/update (a job's description) one after another beside the readers; p50 in ms:

    | reads | concurrent readers | reads per second | read p50 | writes per second | write p50 |
    |---|---:|---:|---:|---:|---:|
    {string.Join("\n", throughput)}

    Latency of one request, sequential (ms, 200 samples):

    | request | p50 | p95 | max |
    |---|---:|---:|---:|
    {string.Join("\n", latencies)}
    """);
return 0;
