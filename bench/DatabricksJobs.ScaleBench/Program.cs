using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DatabricksJobs.Bench;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Tests;

// Issue 19's "Done when" figures, side by side with the official Python SDK and a raw HttpClient loop, in one run:
//   a. waiting on 100 runs of 100 jobs (and at a fixed 2 s poll), b. start 50 runs, wait, read outputs under 30
//   requests/s, c. 1,000 run reads and listing 10,000 jobs / 50,000 runs, d. a new process's import + first call.
// Requests are counted by the emulator (/emulator/stats, cleared before each measurement); times are medians of
// per-repetition ratios, the columns of a repetition taken in turn (rotated) so that the machine's noise weighs alike.
// `dotnet run -c Release --project bench/DatabricksJobs.ScaleBench -- [--only a,b,c,d] [--repetitions N]
//    [--python-sdk DIR] [--python python3] [--pwsh PATH] [--task-seconds S] [--cold-samples N]`

var only = new HashSet<char>("abcd");
var repetitions = 3;
var taskSeconds = 5.0;
var coldSamples = 7;
string? sdkSource = null;
var python = "python3";
var pwsh = File.Exists("/opt/pwsh/pwsh") ? "/opt/pwsh/pwsh" : "pwsh";
for (var i = 0; i < args.Length; i += 2)
{
    var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
    switch (args[i])
    {
        case "--only": only = [.. value.Replace(",", "").Replace(" ", "")]; break;
        case "--repetitions": repetitions = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--task-seconds": taskSeconds = double.Parse(value, CultureInfo.InvariantCulture); break;
        case "--cold-samples": coldSamples = int.Parse(value, CultureInfo.InvariantCulture); break;
        case "--python-sdk": sdkSource = Path.GetFullPath(value); break;
        case "--python": python = value; break;
        case "--pwsh": pwsh = value; break;
        default: Console.Error.WriteLine($"Unknown option {args[i]}"); return 2;
    }
}

var sdk = PythonSdk.Find(python, sdkSource);
var manifest = ModuleLayout.ManifestPath();
var commit = Git("rev-parse --short HEAD");
Console.WriteLine($"""
    # ScaleBench: the module, the Python SDK and a raw loop on one emulator (issue 19)

    {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, commit {commit}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {ModuleLayout.BuildConfiguration()} build.
    Module: {manifest}
    Python SDK: {sdk.Description}
    {repetitions} repetitions, columns taken in turn; requests counted by the emulator; medians over the repetitions.
    Load average (1, 5, 15 min) at the start: {LoadAverage()}.

    """);

using var shell = new HostedModule(manifest);
foreach (var (name, scenario) in new (char, Func<Task>)[] { ('a', WaitingAsync), ('b', WorkflowAsync), ('c', PerCallAsync), ('d', ColdStartAsync) })
{
    if (!only.Contains(name)) continue;
    await scenario();
    // Other work on the machine shows in the times (not in the request counts).
    Console.WriteLine($"Load average (1, 5, 15 min) after {name}: {LoadAverage()}");
    Console.WriteLine();
}
return 0;

// a. Waiting on 100 runs of 100 different jobs, one task each.
async Task WaitingAsync()
{
    const int count = 100;
    await using var emulator = await Emulator.StartAsync(new EmulatorOptions { TaskDuration = TimeSpan.FromSeconds(taskSeconds) });
    shell.Connect(emulator.Url, EmulatorOptions.DefaultToken);
    var jobIds = shell.Run($"foreach ($i in 1..{count}) {{ (New-DbxJob -Name \"scale-a-$i\" -Task @{{ task_key = 'a'; notebook_task = @{{ notebook_path = '/a' }} }}).JobId }}")
        .Select(Convert.ToInt64).ToArray();
    shell.Set("jobIds", jobIds);

    Measurement Module(string label, string wait) => new(label, () =>
    {
        emulator.Clear();
        var start = Stopwatch.StartNew();
        shell.Run("$runs = foreach ($id in $jobIds) { Invoke-DbxJobRun -JobId $id }");
        var startSeconds = start.Elapsed.TotalSeconds;
        var startStats = emulator.Stats();
        emulator.Clear();
        var notices = new List<double>();
        var clock = Stopwatch.StartNew();
        var ended = shell.Run(wait, run => notices.Add(NowMs() - Convert.ToInt64(run.Properties["EndTimeMs"].Value)));
        var seconds = clock.Elapsed.TotalSeconds;
        if (ended.Length != count) throw new InvalidOperationException($"{label}: {ended.Length} of {count} runs ended.");
        return new Result(emulator.Stats(), seconds, startStats, startSeconds, notices);
    });
    Measurement Sdk(string label, bool threaded) => new(label, () =>
    {
        var run = sdk.Run(emulator, "wait", new { job_ids = jobIds, threaded });
        var notices = run.Json["notice_ms"]!.AsArray().Select(n => n!.GetValue<double>()).ToList();
        if (notices.Count != count) throw new InvalidOperationException($"{label}: {notices.Count} of {count} runs ended.");
        return new Result(run.Phases["wait"], run.Seconds("wait"), run.Phases["start"], run.Seconds("start"), notices);
    });
    var columns = new List<Measurement>
    {
        Module("module: Wait-DbxRun", "$runs | Wait-DbxRun"),
        Module("module: Wait-DbxRun -PollInterval 2", "$runs | Wait-DbxRun -PollInterval 2"),
    };
    if (sdk.Available)
    {
        columns.Add(Sdk("SDK: run_now, then .result() of each waiter in a thread of its own", threaded: true));
        columns.Add(Sdk("SDK: run_now, then .result() of each waiter in turn", threaded: false));
    }
    var results = Interleave(columns);
    var baseline = sdk.Available ? columns[2].Label : columns[0].Label;
    Console.WriteLine($"""
        ## a. Waiting on {count} runs of {count} different jobs (one task each, {taskSeconds} s per task)

        Requests and seconds of the wait alone (the runs started before, counted apart); notice delay: when the waiter
        returned a run, less the run's end_time, over every run of every repetition. Time ratio: to {baseline}.

        | how | wait requests | runs/get | runs/list | wait s | time ratio | notice median s | notice max s | start requests | start s |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        """);
    foreach (var column in columns)
    {
        var r = results[column.Label];
        var notices = r.SelectMany(x => x.Notices!).Order().ToArray();
        Console.WriteLine($"| {Cell(column.Label)} | {Median(r, x => x.Stats.Total):F0} | {Median(r, x => x.Stats.Route("GET /api/2.2/jobs/runs/get")):F0} | " +
            $"{Median(r, x => x.Stats.Route("GET /api/2.2/jobs/runs/list")):F0} | {Median(r, x => x.Seconds):F1} | {Ratio(results, column.Label, baseline):F2} | " +
            $"{Percentile(notices, 0.5) / 1000:F2} | {notices[^1] / 1000:F2} | {Median(r, x => x.StartStats!.Total):F0} | {Median(r, x => x.StartSeconds):F1} |");
    }
    Console.WriteLine();
    Console.WriteLine(sdk.Available
        ? "The SDK has no poll interval to set (its waiter sleeps 1 s, 2 s, ... up to 10 s, plus up to 1 s at random), so it has no -PollInterval 2 column. `.result()` calls `wait_get_run_job_terminated_or_skipped`: the same code."
        : $"Python SDK columns skipped: {sdk.Description}");
    Console.WriteLine();
    PrintRepetitions(results, columns, r => $"{r.Stats.Total} requests, {r.Seconds:F1} s");
}

// b. Under 30 requests per second: start 50 runs of one job, wait for all of them, read each task's output.
async Task WorkflowAsync()
{
    const int count = 50;
    await using var emulator = await Emulator.StartAsync(new EmulatorOptions { TaskDuration = TimeSpan.FromSeconds(taskSeconds), RateLimitPerSecond = 30 });
    shell.Connect(emulator.Url, EmulatorOptions.DefaultToken);
    var jobId = Convert.ToInt64(shell.Run($"(New-DbxJob -Name scale-b -MaxConcurrentRuns {count} -Task @{{ task_key = 'a'; notebook_task = @{{ notebook_path = '/a' }} }}).JobId")[0]);
    shell.Set("jobB", jobId);
    var script = $"1..{count} | ForEach-Object {{ Invoke-DbxJobRun -JobId $jobB }} | Wait-DbxRun | Get-DbxRunOutput";
    // The same as one command: the starts piped in, -Wait (so no run is read right after its start).
    var waitScript = $"1..{count} | ForEach-Object {{ [pscustomobject]@{{ JobId = $jobB }} }} | Invoke-DbxJobRun -Wait | Get-DbxRunOutput";
    Measurement Module(string label, string run) => new(label, () =>
    {
        Thread.Sleep(1100); // a fresh rate-limit window
        emulator.Clear();
        var clock = Stopwatch.StartNew();
        var outputs = shell.Run(run).Length;
        var seconds = clock.Elapsed.TotalSeconds;
        if (outputs != count) throw new InvalidOperationException($"{label}: {outputs} of {count} outputs.");
        return new Result(emulator.Stats(), seconds);
    });
    var columns = new List<Measurement>
    {
        Module("module: Invoke-DbxJobRun x50 | Wait-DbxRun | Get-DbxRunOutput", script),
        Module("module: 50 starts piped to Invoke-DbxJobRun -Wait | Get-DbxRunOutput", waitScript),
    };
    Measurement Sdk(string label, bool threaded) => new(label, () =>
    {
        Thread.Sleep(1100);
        var run = sdk.Run(emulator, "workflow", new { job_id = jobId, runs = count, threaded });
        if (run.Json["outputs"]!.GetValue<int>() != count) throw new InvalidOperationException($"{label}: {run.Json["outputs"]} of {count} outputs.");
        return new Result(run.Phases["workflow"], run.Seconds("workflow"));
    });
    if (sdk.Available)
    {
        columns.Add(Sdk("SDK: run_now x50, then in a thread per waiter .result() and get_run_output of each task", threaded: true));
        columns.Add(Sdk("SDK: run_now x50, then per waiter in turn .result() and get_run_output of each task", threaded: false));
    }
    var results = Interleave(columns);
    var baseline = columns[sdk.Available ? 2 : 0].Label;
    Console.WriteLine($"""
        ## b. 30 requests per second: start {count} runs of one job, wait for all, read each output ({taskSeconds} s per task)

        Time ratio: to {baseline}. The module's columns run `{script}` and `{waitScript}`.

        | how | requests | of them 429 | run-now | runs/get | runs/list | get-output | seconds | time ratio |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|
        """);
    foreach (var column in columns)
    {
        var r = results[column.Label];
        Console.WriteLine($"| {Cell(column.Label)} | {Median(r, x => x.Stats.Total):F0} | {Median(r, x => x.Stats.Status(429)):F0} | " +
            $"{Median(r, x => x.Stats.Route("POST /api/2.2/jobs/run-now")):F0} | {Median(r, x => x.Stats.Route("GET /api/2.2/jobs/runs/get")):F0} | " +
            $"{Median(r, x => x.Stats.Route("GET /api/2.2/jobs/runs/list")):F0} | {Median(r, x => x.Stats.Route("GET /api/2.2/jobs/runs/get-output")):F0} | " +
            $"{Median(r, x => x.Seconds):F1} | {Ratio(results, column.Label, baseline):F2} |");
    }
    Console.WriteLine();
    if (!sdk.Available) Console.WriteLine($"Python SDK column skipped: {sdk.Description}\n");
    PrintRepetitions(results, columns, r => $"{r.Stats.Total} requests ({r.Stats.Status(429)} answered 429), {r.Seconds:F1} s");
}

// c. Per call: 1,000 single run reads, listing 10,000 jobs, listing 50,000 runs.
async Task PerCallAsync()
{
    const int jobs = 10_000, runsPerJob = 5, reads = 1_000;
    await using var emulator = await Emulator.StartAsync(new EmulatorOptions { TaskDuration = TimeSpan.FromMilliseconds(200) });
    var seeding = Stopwatch.StartNew();
    var runIds = await emulator.SeedAsync(jobs, runsPerJob);
    Console.Error.WriteLine($"c: seeded {jobs:N0} jobs and {runIds.Count:N0} runs over HTTP in {seeding.Elapsed.TotalSeconds:F0} s");
    var readIds = Enumerable.Range(0, reads).Select(i => runIds[i * 37 % runIds.Count]).ToArray();
    shell.Connect(emulator.Url, EmulatorOptions.DefaultToken);
    shell.Set("readIds", readIds);
    using var raw = new RawClient(emulator.Url, everyField: false);
    using var rawNode = new RawClient(emulator.Url, everyField: true);

    Measurement Timed(string label, Func<int> body) => new(label, () =>
    {
        emulator.Clear();
        var clock = Stopwatch.StartNew();
        var items = body();
        var seconds = clock.Elapsed.TotalSeconds;
        return new Result(emulator.Stats(), seconds, Items: items);
    });
    Measurement Python(string label, string scenario, object arguments, string phase) => new(label, () =>
    {
        var run = sdk.Run(emulator, scenario, arguments);
        return new Result(run.Phases[phase], run.Seconds(phase), Items: run.Json["items"]!.GetValue<int>());
    });
    List<Measurement> Trio(string what, string moduleScript, Func<RawClient, int> rawBody, string scenario, object arguments, string phase, string sdkCall, object rawArguments)
    {
        var trio = new List<Measurement>
        {
            Timed($"{what}: raw, typed (a few fields)", () => rawBody(raw)),
            Timed($"{what}: raw, JsonNode (every field)", () => rawBody(rawNode)),
            Timed($"{what}: module, {moduleScript}", () => Convert.ToInt32(shell.Run(moduleScript)[0])),
        };
        if (!sdk.Available) return trio;
        trio.Add(Python($"{what}: SDK, {sdkCall}", scenario, arguments, phase));
        trio.Add(Python($"{what}: raw Python, requests + response.json()", "raw", rawArguments, "raw"));
        return trio;
    }
    // The in-process columns go through every path once first (code loaded and compiled, the emulator's pages
    // touched), uncounted; the SDK's, a new process each time, makes one call of each before it is timed.
    shell.Run("Get-DbxRun -RunId $readIds[0] | Out-Null; @(Get-DbxJob).Count; @(Get-DbxRun).Count");
    foreach (var client in new[] { raw, rawNode })
    {
        client.GetRun(readIds[0]);
        client.ListJobs();
        client.ListRuns();
    }
    var groups = new[]
    {
        Trio($"{reads:N0} run reads", "$n = 0; foreach ($id in $readIds) { $null = Get-DbxRun -RunId $id; $n++ }; $n",
            client => { foreach (var id in readIds) client.GetRun(id); return readIds.Length; },
            "reads", new { run_ids = readIds }, "reads", "w.jobs.get_run(id) per id", new { what = "reads", run_ids = readIds }),
        Trio($"listing {jobs:N0} jobs", "@(Get-DbxJob).Count", client => client.ListJobs(), "list", new { what = "jobs" }, "list", "sum(1 for _ in w.jobs.list())", new { what = "jobs" }),
        Trio($"listing {runIds.Count:N0} runs", "@(Get-DbxRun).Count", client => client.ListRuns(), "list", new { what = "runs" }, "list", "sum(1 for _ in w.jobs.list_runs())", new { what = "runs" }),
    };
    Console.WriteLine("""
        ## c. Per call (ratios to the raw loops of the same repetition)

        | what | requests | items | seconds | ratio to raw, typed | ratio to raw, JsonNode | ratio to raw Python |
        |---|---:|---:|---:|---:|---:|---:|
        """);
    var all = new List<(List<Measurement>, Dictionary<string, List<Result>>)>();
    foreach (var group in groups)
    {
        var results = Interleave(group);
        all.Add((group, results));
        foreach (var column in group)
        {
            var r = results[column.Label];
            Console.WriteLine($"| {Cell(column.Label)} | {Median(r, x => x.Stats.Total):F0} | {Median(r, x => x.Items):F0} | {Median(r, x => x.Seconds):F2} | " +
                $"{Ratio(results, column.Label, group[0].Label):F2} | {Ratio(results, column.Label, group[1].Label):F2} | " +
                $"{(group.Count > 4 ? Ratio(results, column.Label, group[4].Label).ToString("F2", CultureInfo.InvariantCulture) : "-")} |");
        }
    }
    Console.WriteLine();
    Console.WriteLine("""
        Raw: one HttpClient, GET, pages of 100 jobs / 25 runs as the module asks; typed: JsonSerializer.DeserializeAsync
        into small source-generated classes (ids, name, state, times, tasks; the other fields skipped), the floor;
        JsonNode: JsonNode.Parse of each answer, every field kept, as the module's objects keep them. The SDK asks for
        its default page (20 at the emulator), as `w.jobs.list()` does. Raw Python: one requests.Session, GET,
        response.json(), the same pages as the raw loops in C#: the floor to read the SDK's ratio against.

        """);
    if (!sdk.Available) Console.WriteLine($"Python SDK columns skipped: {sdk.Description}\n");
    foreach (var (group, results) in all) PrintRepetitions(results, group, r => $"{r.Seconds:F2} s");
}

// d. Cold start: a new pwsh process (Import-Module, Connect-DbxWorkspace, first Get-DbxJob) against a new python
// process (import databricks.sdk, WorkspaceClient(), first jobs list), each timed inside, and the whole process.
async Task ColdStartAsync()
{
    await using var emulator = await Emulator.StartAsync(new EmulatorOptions());
    shell.Connect(emulator.Url, EmulatorOptions.DefaultToken);
    shell.Run("foreach ($i in 1..20) { $null = New-DbxJob -Name \"scale-d-$i\" -Task @{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } } }");
    var (pwshFile, pwshPrefix) = pwsh.Contains(' ') ? (pwsh[..pwsh.IndexOf(' ')], pwsh[(pwsh.IndexOf(' ') + 1)..] + " ") : (pwsh, "");
    var script = "$c = [Diagnostics.Stopwatch]::StartNew(); " +
        $"Import-Module '{manifest.Replace("'", "''")}' -ErrorAction Stop; $a = $c.Elapsed.TotalMilliseconds; " +
        "Connect-DbxWorkspace -ErrorAction Stop | Out-Null; $b = $c.Elapsed.TotalMilliseconds; " +
        "Get-DbxJob -ErrorAction Stop | Out-Null; $d = $c.Elapsed.TotalMilliseconds; " +
        "'result ' + (@{ import = $a; client = $b - $a; first_list = $d - $b } | ConvertTo-Json -Compress)";
    var moduleSamples = new List<(double Import, double Client, double First, double Process)>();
    var sdkSamples = new List<(double Import, double Client, double First, double Process)>();
    for (var i = 0; i <= coldSamples; i++)
    {
        // The first of each warms the disk cache and is not counted.
        var m = Child(new ProcessStartInfo(pwshFile, $"{pwshPrefix}-NoProfile -NonInteractive -Command \"{script.Replace("\"", "\\\"")}\""), emulator);
        if (i > 0) moduleSamples.Add(m);
        if (!sdk.Available) continue;
        var p = Child(sdk.Start("cold"), emulator);
        if (i > 0) sdkSamples.Add(p);
    }
    Console.WriteLine($"""
        ## d. Cold start: a new process's first call ({coldSamples} samples each, taken in turn; medians, ms)

        | step | module (pwsh {pwsh}) | Python SDK | module / SDK |
        |---|---:|---:|---:|
        """);
    void Line(string step, Func<(double Import, double Client, double First, double Process), double> of)
    {
        var m = moduleSamples.Select(of).Order().ToArray();
        var p = sdkSamples.Select(of).Order().ToArray();
        var pm = p.Length > 0 ? Percentile(p, 0.5) : double.NaN;
        Console.WriteLine($"| {step} | {Percentile(m, 0.5):F0} | {(p.Length > 0 ? pm.ToString("F0", CultureInfo.InvariantCulture) : "-")} | {(p.Length > 0 ? (Percentile(m, 0.5) / pm).ToString("F2", CultureInfo.InvariantCulture) : "-")} |");
    }
    Line("Import-Module / import databricks.sdk", s => s.Import);
    Line("Connect-DbxWorkspace / WorkspaceClient()", s => s.Client);
    Line("first Get-DbxJob / first list(w.jobs.list())", s => s.First);
    Line("the three, timed inside the process", s => s.Import + s.Client + s.First);
    Line("the whole process, start to exit", s => s.Process);
    Console.WriteLine();
    if (!sdk.Available) Console.WriteLine($"Python SDK column skipped: {sdk.Description}\n");
}

// A new process given DATABRICKS_HOST/TOKEN that prints `result {import, client, first_list}` (ms); with its wall time.
(double, double, double, double) Child(ProcessStartInfo start, Emulator emulator)
{
    start.Environment["DATABRICKS_HOST"] = emulator.Url;
    start.Environment["DATABRICKS_TOKEN"] = EmulatorOptions.DefaultToken;
    var clock = Stopwatch.StartNew();
    var (output, errors, _) = ChildProcess.Run(start);
    var wall = clock.Elapsed.TotalMilliseconds;
    var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("result ", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"{start.FileName} {string.Join(" ", start.ArgumentList)}{start.Arguments} failed:\n{output}\n{errors}");
    var json = JsonNode.Parse(line["result ".Length..])!;
    return (json["import"]!.GetValue<double>(), json["client"]!.GetValue<double>(), json["first_list"]!.GetValue<double>(), wall);
}

// Every column once per repetition, in an order rotated each repetition.
Dictionary<string, List<Result>> Interleave(List<Measurement> columns)
{
    var results = columns.ToDictionary(c => c.Label, _ => new List<Result>());
    for (var rep = 0; rep < repetitions; rep++)
    for (var k = 0; k < columns.Count; k++)
    {
        var column = columns[(k + rep) % columns.Count];
        Console.Error.WriteLine($"repetition {rep + 1}/{repetitions}: {column.Label}");
        results[column.Label].Add(column.Measure());
    }
    return results;
}

// The median over repetitions of a column's time over the baseline's time in the same repetition.
double Ratio(Dictionary<string, List<Result>> results, string label, string baseline) =>
    Percentile(results[label].Zip(results[baseline], (x, b) => x.Seconds / b.Seconds).Order().ToArray(), 0.5);

void PrintRepetitions(Dictionary<string, List<Result>> results, List<Measurement> columns, Func<Result, string> show)
{
    Console.WriteLine("Each repetition:");
    Console.WriteLine();
    foreach (var column in columns) Console.WriteLine($"- {column.Label}: {string.Join("; ", results[column.Label].Select(show))}");
    Console.WriteLine();
}

static double Median<T>(List<T> items, Func<T, double> of) => Percentile(items.Select(of).Order().ToArray(), 0.5);

static double Percentile(double[] sorted, double p) =>
    sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 0 && p == 0.5
        ? (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2
        : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static string Cell(string text) => text.Replace("|", "\\|");

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static double NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

static string Git(string arguments)
{
    try
    {
        using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, WorkingDirectory = ModuleLayout.RepositoryRoot() })!;
        var text = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return git.ExitCode == 0 ? text : "unknown";
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return "unknown";
    }
}

/// <summary>One column of a table: what it is, and one measurement of it.</summary>
internal sealed record Measurement(string Label, Func<Result> Measure);

/// <summary>One measurement: the requests it made, its seconds, and what its scenario adds.</summary>
internal sealed record Result(EmulatorStats Stats, double Seconds, EmulatorStats? StartStats = null, double StartSeconds = 0, List<double>? Notices = null, int Items = 0);

/// <summary>An in-process emulator on a free loopback port, with its request counter.</summary>
internal sealed class Emulator : IAsyncDisposable
{
    private readonly EmulatorServer _server;
    private readonly HttpClient _http;
    private readonly EmulatorCounter _counter;

    private Emulator(EmulatorServer server)
    {
        _server = server;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 }) { BaseAddress = new Uri(server.BaseUrl) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorOptions.DefaultToken);
        _counter = new EmulatorCounter(server.BaseUrl, EmulatorOptions.DefaultToken);
    }

    public string Url => _server.BaseUrl;

    public static async Task<Emulator> StartAsync(EmulatorOptions options)
    {
        options.Urls = "http://127.0.0.1:0";
        options.Warnings = TextWriter.Null;
        return new Emulator(await EmulatorServer.StartAsync(options));
    }

    public void Clear() => _counter.Clear();

    public EmulatorStats Stats() => _counter.Read();

    /// <summary>
    /// Jobs of one task each and runs of each, over HTTP (eight requests at a time), then waits until every run has
    /// ended. Answers the run ids.
    /// </summary>
    public async Task<List<long>> SeedAsync(int jobs, int runsPerJob)
    {
        async Task<long> PostAsync(string path, string body, string field)
        {
            using var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            return JsonNode.Parse(await response.Content.ReadAsStringAsync())![field]!.GetValue<long>();
        }
        async Task<List<long>> InParallelAsync(IEnumerable<Func<Task<long>>> work)
        {
            var queue = new System.Collections.Concurrent.ConcurrentQueue<Func<Task<long>>>(work);
            var done = new System.Collections.Concurrent.ConcurrentBag<long>();
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                while (queue.TryDequeue(out var next)) done.Add(await next());
            }));
            return [.. done];
        }
        var jobIds = await InParallelAsync(Enumerable.Range(0, jobs).Select(i => (Func<Task<long>>)(() => PostAsync("/api/2.2/jobs/create",
            new JsonObject
            {
                ["name"] = $"scale-c-{i % 1000}",
                ["max_concurrent_runs"] = runsPerJob,
                ["tasks"] = new JsonArray(new JsonObject { ["task_key"] = "main", ["notebook_task"] = new JsonObject { ["notebook_path"] = "/bench/main" } }),
            }.ToJsonString(), "job_id"))));
        var runIds = await InParallelAsync(jobIds.SelectMany(id => Enumerable.Repeat(id, runsPerJob))
            .Select(id => (Func<Task<long>>)(() => PostAsync("/api/2.2/jobs/run-now", $$"""{"job_id":{{id}}}""", "run_id"))));
        while (JsonNode.Parse(await _http.GetStringAsync("/api/2.2/jobs/runs/list?active_only=true&limit=1"))!["runs"] is JsonArray { Count: > 0 })
            await Task.Delay(500);
        return runIds;
    }

    public async ValueTask DisposeAsync()
    {
        _counter.Dispose();
        _http.Dispose();
        await _server.DisposeAsync();
    }
}

/// <summary>
/// The official Python SDK, run by sdk_bench.py: from a source folder given with --python-sdk (with stand-ins for the
/// google-auth and protobuf modules it imports at load and the Jobs API does not use, when those are not installed),
/// or as installed (pip install databricks-sdk==0.133.0). Not available: its columns are skipped.
/// </summary>
internal sealed class PythonSdk
{
    public static readonly string Script = Path.Combine(ModuleLayout.RepositoryRoot(), "bench", "DatabricksJobs.ScaleBench", "sdk_bench.py");

    public required string Python { get; init; }
    public string? PythonPath { get; init; }
    public bool Available { get; init; }
    public required string Description { get; init; }

    public static PythonSdk Find(string python, string? source)
    {
        if (source is not null && !File.Exists(Path.Combine(source, "databricks", "sdk", "__init__.py")))
            throw new ArgumentException($"--python-sdk {source}: no databricks/sdk/__init__.py there.");
        string? path = null;
        if (source is not null)
        {
            path = source;
            if (!Imports(python, path, "import google.auth, google.oauth2.service_account, google.protobuf.timestamp_pb2"))
            {
                var stubs = WriteStandIns();
                path = stubs + Path.PathSeparator + source;
            }
        }
        if (!Imports(python, path, "import databricks.sdk"))
            return new PythonSdk { Python = python, Description = source is null
                ? "not installed (pip install databricks-sdk==0.133.0, or give its source with --python-sdk DIR)"
                : $"{source} does not import in {python}" };
        var version = Output(python, path, "import databricks.sdk.version as v; print(v.__version__)");
        return new PythonSdk
        {
            Python = python, PythonPath = path, Available = true,
            Description = $"databricks-sdk {version} ({(source is null ? "installed" : $"source at {source}" + (path != source ? ", stand-ins for google.auth and google.protobuf" : ""))}), {Output(python, null, "import sys; print(sys.version.split()[0])")}",
        };
    }

    /// <summary>
    /// Stand-ins for what databricks/sdk imports at load from google-auth (Google credentials only) and protobuf
    /// (Duration and Timestamp fields, which the Jobs API has none of), written to a temporary folder.
    /// </summary>
    private static string WriteStandIns()
    {
        var root = Path.Combine(Path.GetTempPath(), $"scalebench-standins-{Environment.ProcessId}");
        var files = new Dictionary<string, string>
        {
            ["google/__init__.py"] = "",
            ["google/auth/__init__.py"] = "def default(*args, **kwargs):\n    raise ImportError('google-auth is not installed (a benchmark stand-in)')\n",
            ["google/auth/impersonated_credentials.py"] = "",
            ["google/auth/transport/__init__.py"] = "",
            ["google/auth/transport/requests.py"] = "class Request:\n    pass\n",
            ["google/oauth2/__init__.py"] = "",
            ["google/oauth2/service_account.py"] = "class Credentials:\n    pass\n",
            ["google/protobuf/__init__.py"] = "",
            ["google/protobuf/duration_pb2.py"] = "class Duration:\n    pass\n",
            ["google/protobuf/timestamp_pb2.py"] = "class Timestamp:\n    pass\n",
        };
        foreach (var (name, text) in files)
        {
            var file = Path.Combine(root, name);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
        return root;
    }

    /// <summary>
    /// sdk_bench.py with these arguments. Bytecode is written and read under a cache folder of the benchmark's (the
    /// source folder left as it is), as an installed package has its bytecode: without it every import compiles the
    /// SDK's sources again, about 1.5 s.
    /// </summary>
    public ProcessStartInfo Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python);
        start.ArgumentList.Add(Script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (PythonPath is not null) start.Environment["PYTHONPATH"] = PythonPath;
        start.Environment.Remove("PYTHONDONTWRITEBYTECODE");
        start.Environment["PYTHONPYCACHEPREFIX"] = Path.Combine(Path.GetTempPath(), "scalebench-pycache");
        return start;
    }

    private static bool Imports(string python, string? path, string code)
    {
        try
        {
            Output(python, path, code);
            return true;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static string Output(string python, string? path, string code)
    {
        var start = new ProcessStartInfo(python);
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        if (path is not null) start.Environment["PYTHONPATH"] = path;
        var (output, errors, exitCode) = ChildProcess.Run(start);
        if (exitCode != 0) throw new InvalidOperationException(errors);
        return output.Trim();
    }

    /// <summary>
    /// One scenario of sdk_bench.py in a new process. At each `step NAME` it prints, the emulator's counter is read
    /// for the phase before and cleared; the `result` line closes the last phase.
    /// </summary>
    public SdkRun Run(Emulator emulator, string scenario, object arguments)
    {
        var start = Start(scenario, JsonSerializer.Serialize(arguments));
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.Environment["DATABRICKS_HOST"] = emulator.Url;
        start.Environment["DATABRICKS_TOKEN"] = EmulatorOptions.DefaultToken;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var phases = new Dictionary<string, EmulatorStats>();
        string? phase = null;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("step ", StringComparison.Ordinal))
            {
                if (phase is not null) phases[phase] = emulator.Stats();
                emulator.Clear();
                phase = line["step ".Length..];
                process.StandardInput.WriteLine("go");
                process.StandardInput.Flush();
            }
            else if (line.StartsWith("result ", StringComparison.Ordinal) && phase is not null)
            {
                phases[phase] = emulator.Stats();
                process.WaitForExit();
                return new SdkRun(phases, JsonNode.Parse(line["result ".Length..])!);
            }
        }
        process.WaitForExit();
        throw new InvalidOperationException($"sdk_bench.py {scenario} failed (exit {process.ExitCode}):\n{errors.Result}");
    }
}

internal sealed record SdkRun(Dictionary<string, EmulatorStats> Phases, JsonNode Json)
{
    public double Seconds(string phase) => Json["seconds"]![phase]!.GetValue<double>();
}

/// <summary>
/// The floor: one HttpClient, pages of 100 jobs and 25 runs; each answer read with System.Text.Json, either
/// source-generated into small classes of the fields a caller uses, or whole into a JsonNode.
/// </summary>
internal sealed class RawClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _everyField;

    public RawClient(string url, bool everyField)
    {
        _http = new HttpClient { BaseAddress = new Uri(url) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EmulatorOptions.DefaultToken);
        _everyField = everyField;
    }

    public void GetRun(long id)
    {
        var path = $"/api/2.2/jobs/runs/get?run_id={id}";
        if (_everyField) Get(path, Node);
        else Get(path, s => Typed(s, RawJson.Default.RawRun));
    }

    public int ListJobs() => _everyField
        ? List("/api/2.2/jobs/list?limit=100", s => Counted(s, "jobs"))
        : List("/api/2.2/jobs/list?limit=100", s => Typed(s, RawJson.Default.RawJobsPage) is var p ? (p.Jobs?.Count ?? 0, p.NextPageToken) : default);

    public int ListRuns() => _everyField
        ? List("/api/2.2/jobs/runs/list?limit=25", s => Counted(s, "runs"))
        : List("/api/2.2/jobs/runs/list?limit=25", s => Typed(s, RawJson.Default.RawRunsPage) is var p ? (p.Runs?.Count ?? 0, p.NextPageToken) : default);

    private int List(string path, Func<Stream, (int Count, string? Next)> read)
    {
        var count = 0;
        string? token = null;
        do
        {
            (var items, token) = Get(path + (token is null ? "" : $"&page_token={Uri.EscapeDataString(token)}"), read);
            count += items;
        } while (!string.IsNullOrEmpty(token));
        return count;
    }

    private static T Typed<T>(Stream stream, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.DeserializeAsync(stream, type).AsTask().GetAwaiter().GetResult()!;

    private static JsonNode Node(Stream stream) => JsonNode.Parse(stream)!;

    private static (int, string?) Counted(Stream stream, string field)
    {
        var page = Node(stream);
        return (page[field]?.AsArray().Count ?? 0, page["next_page_token"]?.GetValue<string>());
    }

    private T Get<T>(string path, Func<Stream, T> read)
    {
        using var response = _http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        using var stream = response.Content.ReadAsStreamAsync().GetAwaiter().GetResult();
        return read(stream);
    }

    public void Dispose() => _http.Dispose();
}

internal sealed class RawState
{
    [JsonPropertyName("life_cycle_state")] public string? LifeCycleState { get; set; }
    [JsonPropertyName("result_state")] public string? ResultState { get; set; }
    [JsonPropertyName("state_message")] public string? StateMessage { get; set; }
}

internal sealed class RawTask
{
    [JsonPropertyName("run_id")] public long RunId { get; set; }
    [JsonPropertyName("task_key")] public string? TaskKey { get; set; }
    [JsonPropertyName("state")] public RawState? State { get; set; }
    [JsonPropertyName("start_time")] public long StartTime { get; set; }
    [JsonPropertyName("end_time")] public long EndTime { get; set; }
}

internal sealed class RawRun
{
    [JsonPropertyName("run_id")] public long RunId { get; set; }
    [JsonPropertyName("job_id")] public long JobId { get; set; }
    [JsonPropertyName("run_name")] public string? RunName { get; set; }
    [JsonPropertyName("state")] public RawState? State { get; set; }
    [JsonPropertyName("start_time")] public long StartTime { get; set; }
    [JsonPropertyName("end_time")] public long EndTime { get; set; }
    [JsonPropertyName("run_duration")] public long RunDuration { get; set; }
    [JsonPropertyName("tasks")] public List<RawTask>? Tasks { get; set; }
}

internal sealed class RawRunsPage
{
    [JsonPropertyName("runs")] public List<RawRun>? Runs { get; set; }
    [JsonPropertyName("next_page_token")] public string? NextPageToken { get; set; }
}

internal sealed class RawJobSettings
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("max_concurrent_runs")] public int MaxConcurrentRuns { get; set; }
}

internal sealed class RawJob
{
    [JsonPropertyName("job_id")] public long JobId { get; set; }
    [JsonPropertyName("creator_user_name")] public string? CreatorUserName { get; set; }
    [JsonPropertyName("created_time")] public long CreatedTime { get; set; }
    [JsonPropertyName("settings")] public RawJobSettings? Settings { get; set; }
}

internal sealed class RawJobsPage
{
    [JsonPropertyName("jobs")] public List<RawJob>? Jobs { get; set; }
    [JsonPropertyName("next_page_token")] public string? NextPageToken { get; set; }
}

[JsonSerializable(typeof(RawRun))]
[JsonSerializable(typeof(RawRunsPage))]
[JsonSerializable(typeof(RawJobsPage))]
internal sealed partial class RawJson : JsonSerializerContext;
