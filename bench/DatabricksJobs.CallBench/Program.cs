using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Collections;
using System.Text.Json.Serialization.Metadata;
using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Model;
using DatabricksJobs.Bench;
using DatabricksJobs.Tests;

// What one call of the module costs over the request itself: 1,000 Get-DbxRun -RunId (a foreach of calls, and the ids
// piped to one call; beside them PowerShell's own floor: the same requests sent from the script, and a cmdlet that
// sends nothing called as often), Get-DbxJob of 10,000 jobs and Get-DbxRun of 50,000 runs, each against a raw
// HttpClient loop that sends the same requests and parses the same JSON with System.Text.Json, and a typed raw loop
// that reads each answer into the module's own objects (its models and JSON metadata) and keeps them, as the module's
// caller does. Interleaved, several repetitions, against an emulator process of its own (or, with --emulator
// in-process, one in this process); times are medians and ratios to the raw loop, requests counted by the emulator.
// `dotnet run -c Release --project bench/DatabricksJobs.CallBench [-- --module path/to/DatabricksJobs.psd1 --reps N --jobs N --runs-per-job N --reads N --emulator process|in-process]`

var manifest = (string?)null;
var inProcess = false;
var reps = 5;
var jobs = 10_000;
var runsPerJob = 5;
var reads = 1_000;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--module": manifest = Path.GetFullPath(args[i + 1]); break;
        case "--reps": reps = int.Parse(args[i + 1]); break;
        case "--jobs": jobs = int.Parse(args[i + 1]); break;
        case "--runs-per-job": runsPerJob = int.Parse(args[i + 1]); break;
        case "--reads": reads = int.Parse(args[i + 1]); break;
        case "--emulator": inProcess = args[i + 1] switch { "process" => false, "in-process" => true, _ => throw new ArgumentException("--emulator is process or in-process.") }; break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
    }
}
manifest ??= ModuleLayout.ManifestPath();

// Seeded here, served from a process of its own unless --emulator in-process (see ServedEmulator).
var clock = new ManualClock(DateTimeOffset.UtcNow.AddDays(-1));
await using var emulator = await ServedEmulator.StartAsync(inProcess, clock, server => EndedRuns.Seed(server, clock, jobs, runsPerJob, i => new JsonObject
{
    ["name"] = $"call-bench-{i}",
    ["max_concurrent_runs"] = runsPerJob,
    ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "main", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/bench/main" } }),
}).RunIds);
var runIds = emulator.RunIds;
var readIds = Enumerable.Range(0, reads).Select(i => runIds[i * 37 % runIds.Count]).ToArray();
var baseUrl = emulator.BaseUrl;

using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", emulator.Token);
using var counter = new EmulatorCounter(baseUrl, emulator.Token);

// The raw loop: the same requests, each answer parsed whole; the items of a page counted.
async Task<int> RawGetAsync(string path)
{
    using var response = await http.GetAsync(path);
    response.EnsureSuccessStatusCode();
    using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    return json.RootElement.GetProperty("run_id").GetInt64() > 0 ? 1 : 0;
}
async Task<int> RawListAsync(string path, string items)
{
    var count = 0;
    string? token = null;
    do
    {
        using var response = await http.GetAsync(path + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token)));
        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        if (json.RootElement.TryGetProperty(items, out var list)) count += list.GetArrayLength();
        token = json.RootElement.TryGetProperty("has_more", out var more) && more.GetBoolean() ? json.RootElement.GetProperty("next_page_token").GetString() : null;
    } while (token is not null);
    return count;
}

using var module = new HostedModule(manifest, baseUrl, emulator.Token);
object[] Run(string script) => module.Run(script);
module.Set("ids", readIds);
// PowerShell's own floor for a call each: the raw loop's requests sent from the script (the same HttpClient, the answer
// parsed whole), and a cmdlet of the module that sends nothing, called as often.
module.Set("http", http);
module.Set("paths", readIds.Select(id => $"/api/2.2/jobs/runs/get?run_id={id}").ToArray());

// The typed raw loop: each answer read into the module's own models with the module's source-generated JSON metadata, and
// the items kept, as `(Get-DbxRun).Count` keeps what it counts. The engine is the one the module loaded (in its own load
// context; the benchmark does not reference it, so that the module loads as a user's does), reached by reflection: its
// metadata is an internal class, and its types are not the benchmark's.
var engine = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "DatabricksJobs.Engine");
var jsonContextType = engine.GetType("DatabricksJobs.Models.DatabricksJsonContext", throwOnError: true)!;
var jsonContext = jsonContextType.GetProperty("Default")!.GetValue(null)!;
JsonTypeInfo TypeInfo(string name) => (JsonTypeInfo)jsonContextType.GetProperty(name)!.GetValue(jsonContext)!;
var runType = TypeInfo("Run");
async Task<int> TypedGetAsync(long[] ids)
{
    var kept = new List<object>();
    foreach (var id in ids)
    {
        using var response = await http.GetAsync($"/api/2.2/jobs/runs/get?run_id={id}");
        response.EnsureSuccessStatusCode();
        kept.Add(JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(), runType)!);
    }
    return kept.Count;
}
async Task<int> TypedListAsync(string path, string pageTypeName, string itemsName)
{
    var pageType = TypeInfo(pageTypeName);
    var items = pageType.Type.GetProperty(itemsName)!;
    var hasMore = pageType.Type.GetProperty("HasMore")!;
    var nextPageToken = pageType.Type.GetProperty("NextPageToken")!;
    var kept = new List<object>();
    string? token = null;
    do
    {
        using var response = await http.GetAsync(path + (token is null ? "" : "&page_token=" + Uri.EscapeDataString(token)));
        response.EnsureSuccessStatusCode();
        var page = JsonSerializer.Deserialize(await response.Content.ReadAsByteArrayAsync(), pageType)!;
        foreach (var item in (IEnumerable?)items.GetValue(page) ?? Array.Empty<object>()) kept.Add(item);
        token = (bool)hasMore.GetValue(page)! ? (string?)nextPageToken.GetValue(page) : null;
    } while (token is not null);
    return kept.Count;
}

var cases = new (string Name, string Group, Func<int> Measure)[]
{
    ($"{reads:N0} reads: raw loop", "reads", () => Task.Run(async () => { var n = 0; foreach (var id in readIds) n += await RawGetAsync($"/api/2.2/jobs/runs/get?run_id={id}"); return n; }).GetAwaiter().GetResult()),
    ($"{reads:N0} reads: typed raw loop", "reads", () => Task.Run(() => TypedGetAsync(readIds)).GetAwaiter().GetResult()),
    ($"{reads:N0} reads: foreach {{ Get-DbxRun -RunId $id }}", "reads", () => (int)Run("$n = 0; foreach ($id in $ids) { $null = Get-DbxRun -RunId $id; $n++ }; $n")[0]),
    ($"{reads:N0} reads: $ids | Get-DbxRun", "reads", () => (int)Run("($ids | Get-DbxRun).Count")[0]),
    ($"{reads:N0} reads: foreach {{ raw request from the script }}", "reads", () => (int)Run(
        "$n = 0; foreach ($p in $paths) { $r = $http.GetAsync($p).GetAwaiter().GetResult(); $null = $r.EnsureSuccessStatusCode(); " +
        "$d = [System.Text.Json.JsonDocument]::Parse($r.Content.ReadAsStream()); if ($d.RootElement.GetProperty('run_id').GetInt64() -gt 0) { $n++ }; $d.Dispose(); $r.Dispose() }; $n")[0]),
    ($"{reads:N0} calls sending nothing: foreach {{ Get-DbxSession }}", "reads", () => (int)Run("$n = 0; foreach ($id in $ids) { $null = Get-DbxSession; $n++ }; $n")[0]),
    ($"{jobs:N0} jobs listed: raw loop", "jobs", () => RawListAsync("/api/2.2/jobs/list?limit=100&expand_tasks=true", "jobs").GetAwaiter().GetResult()),
    ($"{jobs:N0} jobs listed: typed raw loop", "jobs", () => TypedListAsync("/api/2.2/jobs/list?limit=100&expand_tasks=true", "ListJobsResponse", "Jobs").GetAwaiter().GetResult()),
    ($"{jobs:N0} jobs listed: Get-DbxJob", "jobs", () => (int)Run("(Get-DbxJob).Count")[0]),
    ($"{runIds.Count:N0} runs listed: raw loop", "runs", () => RawListAsync("/api/2.2/jobs/runs/list?limit=25", "runs").GetAwaiter().GetResult()),
    ($"{runIds.Count:N0} runs listed: typed raw loop", "runs", () => TypedListAsync("/api/2.2/jobs/runs/list?limit=25", "ListRunsResponse", "Runs").GetAwaiter().GetResult()),
    ($"{runIds.Count:N0} runs listed: Get-DbxRun", "runs", () => (int)Run("(Get-DbxRun).Count")[0]),
};

var times = cases.Select(_ => new List<double>()).ToArray();
// The garbage collector's pauses during each case: what keeping the objects costs, which the raw loop does not pay.
var pauses = cases.Select(_ => new List<double>()).ToArray();
// What each case allocates in this process (the module's and the engine's work, and the host's; the emulator's is its own).
var allocated = cases.Select(_ => new List<double>()).ToArray();
// The processor time this process (the client: module, engine, PowerShell) and the emulator's used during each case: with
// the emulator in a process of its own, whether a case waits on the server or is held up by its own work.
var clientCpu = cases.Select(_ => new List<double>()).ToArray();
var serverCpu = cases.Select(_ => new List<double>()).ToArray();
using var self = Process.GetCurrentProcess();
TimeSpan ClientCpu()
{
    self.Refresh();
    return self.TotalProcessorTime;
}
var requests = new long[cases.Length];
var items = new int[cases.Length];
for (var rep = 0; rep <= reps; rep++)
{
    // Each pair in the order raw, module one round and module, raw the next; nothing an earlier case left is collected during the next.
    foreach (var c in Enumerable.Range(0, cases.Length).OrderBy(c => (cases[c].Group, rep % 2 == 0 ? c : -c)))
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        counter.Clear();
        var paused = GC.GetTotalPauseDuration();
        var bytes = GC.GetTotalAllocatedBytes(precise: true);
        var (client, server) = (ClientCpu(), emulator.ProcessorTime);
        var watch = Stopwatch.StartNew();
        items[c] = cases[c].Measure();
        watch.Stop();
        paused = GC.GetTotalPauseDuration() - paused;
        bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes;
        (client, server) = (ClientCpu() - client, emulator.ProcessorTime - server);
        requests[c] = counter.Read().Total;
        if (rep > 0) // the first round warms up
        {
            times[c].Add(watch.Elapsed.TotalMilliseconds);
            pauses[c].Add(paused.TotalMilliseconds);
            allocated[c].Add(bytes / 1e6);
            clientCpu[c].Add(client.TotalMilliseconds);
            if (server is TimeSpan used) serverCpu[c].Add(used.TotalMilliseconds);
        }
    }
}

double Median(List<double> samples)
{
    var sorted = samples.OrderBy(x => x).ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
Console.WriteLine($"""
    Module: {manifest}
    Emulator: {(inProcess ? "in this process" : "a process of its own")}
    {jobs:N0} jobs, {runIds.Count:N0} runs; {reps} interleaved repetitions after one to warm up; .NET {Environment.Version}, {Environment.ProcessorCount} cores.

    Ratios: median / the raw loop's median, and min / its min; likewise to the typed raw loop. GC: the median time this
    process was paused by garbage collections during the case; MB: the median this process allocated during it.
    CPU ms: the median processor time this process (client) and the emulator's (server) used during it.

    | what | items | requests | median ms | min ms | x raw (median) | x raw (min) | x typed raw (median) | x typed raw (min) | GC ms | MB | client CPU ms | server CPU ms |
    |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
    """);
for (var c = 0; c < cases.Length; c++)
{
    var raw = Array.FindIndex(cases, r => r.Group == cases[c].Group);
    var typed = Array.FindIndex(cases, r => r.Group == cases[c].Group && r.Name.EndsWith("typed raw loop"));
    Console.WriteLine($"| {cases[c].Name} | {items[c]:N0} | {requests[c]:N0} | {Median(times[c]):F0} | {times[c].Min():F0} | " +
        $"{Median(times[c]) / Median(times[raw]):F2} | {times[c].Min() / times[raw].Min():F2} | {Median(times[c]) / Median(times[typed]):F2} | {times[c].Min() / times[typed].Min():F2} | {Median(pauses[c]):F1} | {Median(allocated[c]):F0} | {Median(clientCpu[c]):F0} | {(serverCpu[c].Count > 0 ? Median(serverCpu[c]).ToString("F0") : "-")} |");
}
return 0;

/// <summary>
/// The emulator, seeded in this process with a clock moved by hand (so that every run has ended, as
/// bench/DatabricksJobs.Emulator.Bench does) and served from there, or by default from an emulator process of its own that
/// loads the seeded state from a state file, as a workspace is another machine: a server inside the benchmark's process
/// shares its CPU, thread pool and garbage collector with the client it answers, so that work the client does while a
/// request is answered (the module reads a page while the next is fetched) slows the server as it would not. Disposing it
/// stops whichever serves and deletes the state.
/// </summary>
internal sealed class ServedEmulator : IAsyncDisposable
{
    private readonly EmulatorServer? _server;
    private readonly EmulatorProcess? _process;
    private readonly string? _state;

    private ServedEmulator(EmulatorServer? server, EmulatorProcess? process, string? state, string baseUrl, string token, List<long> runIds) =>
        (_server, _process, _state, BaseUrl, Token, RunIds) = (server, process, state, baseUrl, token, runIds);

    public string BaseUrl { get; }
    public string Token { get; }
    /// <summary>The processor time the emulator's process has used so far, or null where it serves from this process.</summary>
    public TimeSpan? ProcessorTime => _process?.ProcessorTime;

    /// <summary>The runs the seeding started (and ended).</summary>
    public List<long> RunIds { get; }

    public static async Task<ServedEmulator> StartAsync(bool inProcess, ManualClock clock, Func<EmulatorServer, List<long>> seed)
    {
        var state = inProcess ? null : Path.Combine(Path.GetTempPath(), $"callbench-{Guid.NewGuid():N}.json");
        var server = await EmulatorServer.StartAsync(new EmulatorOptions { Urls = "http://127.0.0.1:0", TaskDuration = TimeSpan.FromSeconds(1), Clock = clock, StateFile = state });
        List<long> runIds;
        try
        {
            runIds = seed(server);
            if (state is null) return new ServedEmulator(server, null, null, server.BaseUrl, EmulatorOptions.DefaultToken, runIds);
        }
        catch
        {
            await server.DisposeAsync();
            Delete(state);
            throw;
        }
        try
        {
            await server.DisposeAsync(); // writes the state file
            var process = EmulatorProcess.Start($"--state-file \"{state}\"");
            return new ServedEmulator(null, process, state, process.Host.TrimEnd('/'), process.Token, runIds);
        }
        catch
        {
            Delete(state);
            throw;
        }
    }

    private static void Delete(string? state)
    {
        if (state is not null) foreach (var file in new[] { state, state + ".journal" }) File.Delete(file);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _process?.Dispose();
        Delete(_state);
    }
}
