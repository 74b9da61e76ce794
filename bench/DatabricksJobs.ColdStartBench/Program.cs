using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security;
using System.Text.Json;
using System.Text.Json.Serialization;
using DatabricksJobs.Client;
using DatabricksJobs.Client.Auth;
using DatabricksJobs.Bench;
using DatabricksJobs.Tests;

// The client's cold start: each sample is a new process that makes a client, lists jobs (25, on one page of up to 100, as the engine asks) and reads the
// answer typed, timed from the process's first line of code. The engine's DatabricksClient and a plain HttpClient with
// System.Text.Json (a minimal source-generated DTO) take their samples in turn, so that whatever else the machine does
// weighs on each alike. The emulator is a process of its own, seeded with 25 jobs.
// `dotnet run -c Release --project bench/DatabricksJobs.ColdStartBench [-- --samples N]`

if (args.Length == 4 && args[0] == "--sample") return await SampleAsync(args[1], args[2], args[3]);

var samples = 30;
for (var i = 0; i + 1 < args.Length; i += 2)
    if (args[i] == "--samples") samples = int.Parse(args[i + 1], CultureInfo.InvariantCulture);

using var emulator = EmulatorProcess.Start();
var (host, token) = (emulator.Host, emulator.Token);
using (var http = new HttpClient { BaseAddress = new Uri(host) })
{
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    for (var j = 0; j < 25; j++)
    {
        var job = $$$"""{"name":"cold-{{{j}}}","tasks":[{"task_key":"a","notebook_task":{"notebook_path":"/a"}}],"tags":{"team":"bench"}}""";
        (await http.PostAsync("api/2.2/jobs/create", new StringContent(job, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
    }
}

string[] ways = ["engine", "plain"];
var rows = ways.ToDictionary(w => w, _ => new List<double[]>());
for (var i = 0; i <= samples; i++)
foreach (var way in ways)
{
    var output = SampleProcess.Run($"--sample {way} {host} {token}", emulator);
    // The first process of each warms the disk cache; it is not counted.
    if (i > 0) rows[way].Add(output.Trim().Split('\t').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
}
string[] steps = ["make the client", "first request and typed read", "both", "second request and typed read", "another client and its first list"];
Console.WriteLine($"{samples} new processes each, taken in turn; .NET {Environment.Version}, {Environment.ProcessorCount} cores; milliseconds (median / min)");
Console.WriteLine();
Console.WriteLine("| step | engine | plain HttpClient | engine / plain (medians) |");
Console.WriteLine("|---|---:|---:|---:|");
for (var s = 0; s < steps.Length; s++)
{
    var engine = rows["engine"].Select(r => r[s]).Order().ToArray();
    var plain = rows["plain"].Select(r => r[s]).Order().ToArray();
    Console.WriteLine($"| {steps[s]} | {Median(engine):F1} / {engine[0]:F1} | {Median(plain):F1} / {plain[0]:F1} | {Median(engine) / Median(plain):F2} |");
}
return 0;

static double Median(double[] sorted) => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

// One sample: the milliseconds of each step, tab-separated (making the client, the first list, both, a second list,
// another client's first list).
static async Task<int> SampleAsync(string way, string host, string token)
{
    var clock = Stopwatch.StartNew();
    var list = NewClient(way, host, token);
    var made = clock.Elapsed.TotalMilliseconds;
    if (await list() != 25) throw new InvalidOperationException("The first page did not hold the 25 jobs.");
    var first = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    if (await list() != 25) throw new InvalidOperationException("The second page did not hold the 25 jobs.");
    var second = clock.Elapsed.TotalMilliseconds;
    // Another session in the same process: a client of its own, and its first list.
    clock.Restart();
    if (await NewClient(way, host, token)() != 25) throw new InvalidOperationException("The second client's page did not hold the 25 jobs.");
    var another = clock.Elapsed.TotalMilliseconds;
    Console.WriteLine(string.Join("\t", new[] { made, first - made, first, second, another }.Select(t => t.ToString("F1", CultureInfo.InvariantCulture))));
    return 0;
}

// A new client of either kind, as a function that lists the jobs and counts them.
static Func<Task<int>> NewClient(string way, string host, string token)
{
    if (way == "engine")
    {
        var secret = new SecureString();
        foreach (var c in token) secret.AppendChar(c);
        var jobs = new JobsService(new DatabricksClient(new Uri(host), new StaticTokenCredential(secret, "PersonalAccessToken")));
        return async () => (await jobs.ListJobsPageAsync(null, false, null, new CallContext(null, CancellationToken.None))).Jobs!.Count;
    }
    var http = new HttpClient { BaseAddress = new Uri(host) };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return async () => JsonSerializer.Deserialize(await http.GetByteArrayAsync("api/2.2/jobs/list?limit=100"), PlainJson.Default.PlainJobList)!.Jobs!.Count;
}

/// <summary>What a plain program would read of jobs/list: the jobs' ids, names and creation times.</summary>
internal sealed class PlainJobList
{
    public List<PlainJob>? Jobs { get; set; }
    public bool HasMore { get; set; }
}

internal sealed class PlainJob
{
    public long JobId { get; set; }
    public long CreatedTime { get; set; }
    public PlainSettings? Settings { get; set; }
}

internal sealed class PlainSettings
{
    public string? Name { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PlainJobList))]
internal sealed partial class PlainJson : JsonSerializerContext
{
}
