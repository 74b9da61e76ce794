using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Security;
using System.Text.Json;
using System.Text.Json.Serialization;
using DatabricksJobs.Client;
using DatabricksJobs.Client.Auth;
using DatabricksJobs.Bench;
using DatabricksJobs.Loading;
using DatabricksJobs.Tests;

// The client's cold start: each sample is a new process that makes a client, lists jobs (25, on one page of up to 100, as the engine asks) and reads the
// answer typed, timed from the process's first line of code. The engine's DatabricksClient, loaded from the laid-out
// module as it ships (its IL in dependencies/, or the ReadyToRun images for this .NET and platform beside it), and a
// plain HttpClient with System.Text.Json (a minimal source-generated DTO) take their samples in turn, so that whatever
// else the machine does weighs on each alike. The emulator is a process of its own, seeded with 25 jobs.
// `dotnet run -c Release --project bench/DatabricksJobs.ColdStartBench [-- --samples N --load path|resolving]`

if (args.Length == 5 && args[0] == "--sample")
    return await SampleAsync(args[1], args[2], args[3], EngineFiles(args[1], args[4]));

var samples = 30;
var load = "path";
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--samples") samples = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    else if (args[i] == "--load") load = args[i + 1] is "path" or "resolving" ? args[i + 1] : throw new ArgumentException("--load is path or resolving.");
}

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

string[] ways = ["engine-il", "engine-readytorun", "plain"];
var readyToRun = Path.Combine(ModuleLayout.ModuleFolder(), "dependencies", ReadyToRunImages.FolderName);
if (!Directory.Exists(readyToRun)) throw new DirectoryNotFoundException($"The module ships no ReadyToRun images for this .NET and platform ({readyToRun}).");
var rows = SampleProcess.TakeInTurn(ways, samples, way => $"--sample {way} {host} {token} {load}", emulator);
string[] steps = ["make the client", "first request and typed read", "both", "second request and typed read", "another client and its first list"];
Console.WriteLine($"{samples} new processes each, taken in turn; the engine loaded by {load}; .NET {Environment.Version}, {Environment.ProcessorCount} cores; milliseconds (median / min)");
Console.WriteLine();
Console.WriteLine("| step | engine, IL | engine, ReadyToRun | plain HttpClient | IL / plain | ReadyToRun / plain (medians) |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
for (var s = 0; s < steps.Length; s++)
{
    var (il, r2r, plain) = (Step("engine-il", s), Step("engine-readytorun", s), Step("plain", s));
    Console.WriteLine($"| {steps[s]} | {Median(il):F1} / {il[0]:F1} | {Median(r2r):F1} / {r2r[0]:F1} | {Median(plain):F1} / {plain[0]:F1} | {Median(il) / Median(plain):F2} | {Median(r2r) / Median(plain):F2} |");
}
Console.WriteLine();
Console.WriteLine($"methods JIT-compiled by the end of the first typed read (median): engine, IL {Median(Step("engine-il", steps.Length))}; engine, ReadyToRun {Median(Step("engine-readytorun", steps.Length))}; plain {Median(Step("plain", steps.Length))}");
return 0;

double[] Step(string way, int step) => rows[way].Select(r => r[step]).Order().ToArray();

static double Median(double[] sorted) => sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;

// The engine and its dependencies from the laid-out module, as its load context picks them on .NET: for
// "engine-readytorun" the image for this platform where there is one, else the IL; what .NET itself provides
// (System.Text.Json) is never taken from there. With "path" (the default) the sample loads them by path as its clock
// starts, as a program that ships them binds them from its own folder (and as the module's load context does): the
// files it will load are listed here, before the clock, as such a program's host lists them before Main. With
// "resolving" (as the bench did first) the default context fails to find each and asks a Resolving handler: a
// process's first failed bind costs 10 to 15 ms (the runtime readies its first FileNotFoundException), which neither
// such a program nor pwsh (long past its first) pays.
static string[] EngineFiles(string way, string load)
{
    if (way == "plain") return [];
    var dependencies = Path.Combine(ModuleLayout.ModuleFolder(), "dependencies");
    var readyToRun = Path.Combine(dependencies, ReadyToRunImages.FolderName);
    string Pick(string name)
    {
        var image = Path.Combine(readyToRun, name + ".dll");
        return way == "engine-readytorun" && File.Exists(image) ? image : Path.Combine(dependencies, name + ".dll");
    }
    if (load == "resolving")
    {
        AssemblyLoadContext.Default.Resolving += (context, name) => File.Exists(Pick(name.Name!)) ? context.LoadFromAssemblyPath(Pick(name.Name!)) : null;
        return [];
    }
    var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
        .Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
    return Directory.GetFiles(dependencies, "*.dll").Select(Path.GetFileNameWithoutExtension).Where(name => !platform.Contains(name)).Select(name => Pick(name!)).ToArray();
}

// One sample: the milliseconds of each step, tab-separated (making the client, the first list, both, a second list,
// another client's first list), then the number of methods JIT-compiled by the end of the first list.
static async Task<int> SampleAsync(string way, string host, string token, string[] engineFiles)
{
    var clock = Stopwatch.StartNew();
    foreach (var file in engineFiles) AssemblyLoadContext.Default.LoadFromAssemblyPath(file);
    var list = NewClient(way, host, token);
    var made = clock.Elapsed.TotalMilliseconds;
    if (await list() != 25) throw new InvalidOperationException("The first page did not hold the 25 jobs.");
    var first = clock.Elapsed.TotalMilliseconds;
    var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
    clock.Restart();
    if (await list() != 25) throw new InvalidOperationException("The second page did not hold the 25 jobs.");
    var second = clock.Elapsed.TotalMilliseconds;
    // Another session in the same process: a client of its own, and its first list.
    clock.Restart();
    if (await NewClient(way, host, token)() != 25) throw new InvalidOperationException("The second client's page did not hold the 25 jobs.");
    var another = clock.Elapsed.TotalMilliseconds;
    Console.WriteLine(string.Join("\t", new[] { made, first - made, first, second, another, jitted }.Select(t => t.ToString("F1", CultureInfo.InvariantCulture))));
    return 0;
}

// A new client of either kind, as a function that lists the jobs and counts them. Each kind in a method of its own, so
// that the plain program's never names an engine type: compiling one method for both made the plain sample load the
// engine too (and meet the process's first failed bind), as the bench did before.
static Func<Task<int>> NewClient(string way, string host, string token) =>
    way == "plain" ? NewPlainClient(host, token) : NewEngineClient(host, token);

[MethodImpl(MethodImplOptions.NoInlining)]
static Func<Task<int>> NewEngineClient(string host, string token)
{
    var secret = new SecureString();
    foreach (var c in token) secret.AppendChar(c);
    var jobs = new JobsService(new DatabricksClient(new Uri(host), new StaticTokenCredential(secret, "PersonalAccessToken")));
    return async () => (await jobs.ListJobsPageAsync(null, false, null, new CallContext(null, CancellationToken.None))).Read().Jobs!.Count;
}

[MethodImpl(MethodImplOptions.NoInlining)]
static Func<Task<int>> NewPlainClient(string host, string token)
{
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
