using System.Diagnostics;
using System.Globalization;
using DatabricksJobs.Bench;
using DatabricksJobs.Tests;

// The workflow of issue 19 under a rate limit: start 50 runs of a job, wait for them, read each one's output, against
// an emulator (a process of its own) started with --rate-limit 30. Each sample is a new process that imports a module
// build by its manifest; given several --module manifests, their samples are taken in turn. The emulator counts the
// requests, 429s among them (GET /emulator/stats).
// `dotnet run -c Release --project bench/DatabricksJobs.PacingBench [-- --module path/to/DatabricksJobs.psd1 ... --samples N --runs N --rate N]`

if (args.Length == 3 && args[0] == "--sample") return Sample(args[1], int.Parse(args[2], CultureInfo.InvariantCulture));

var modules = new List<string>();
int samples = 3, runs = 50, rate = 30;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--module") modules.Add(Path.GetFullPath(args[i + 1]));
    else if (args[i] == "--samples") samples = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    else if (args[i] == "--runs") runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    else if (args[i] == "--rate") rate = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
}
if (modules.Count == 0) modules.Add(ModuleLayout.ManifestPath());

using var emulator = EmulatorProcess.Start($"--rate-limit {rate} --task-duration 2");
using var counter = new EmulatorCounter(emulator.Host, emulator.Token);

Console.WriteLine($"{runs} runs started, waited for and their outputs read; emulator at {rate} requests/s per token; {samples} samples per module, taken in turn; .NET {Environment.Version}, {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| module | sample | seconds | requests | 429s | run-now | runs/get | runs/list | runs/get-output |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
for (var s = 1; s <= samples; s++)
foreach (var module in modules)
{
    // A second's quiet, so that the sample before does not use up this one's first window.
    Thread.Sleep(1500);
    counter.Clear();
    var output = SampleProcess.Run($"--sample \"{module}\" {runs}", emulator);
    var stats = counter.Read();
    Console.WriteLine($"| {module} | {s} | {output.Trim()} | {stats.Total} | {stats.Status(429)} | {stats.Route("POST /api/2.2/jobs/run-now")} | " +
        $"{stats.Route("GET /api/2.2/jobs/runs/get")} | {stats.Route("GET /api/2.2/jobs/runs/list")} | {stats.Route("GET /api/2.2/jobs/runs/get-output")} |");
}
return 0;

// One sample: connects (DATABRICKS_HOST/TOKEN), makes the job, then times the workflow alone; prints its seconds.
static int Sample(string module, int runs)
{
    using var hosted = new HostedModule(module, Environment.GetEnvironmentVariable("DATABRICKS_HOST")!, Environment.GetEnvironmentVariable("DATABRICKS_TOKEN")!);
    hosted.Run($"$job = New-DbxJob -Name 'pacing-bench' -MaxConcurrentRuns {runs} -Task @{{ task_key = 'a'; notebook_task = @{{ notebook_path = '/a' }} }}");
    Thread.Sleep(1500);
    var clock = Stopwatch.StartNew();
    hosted.Run($"$runs = 1..{runs} | ForEach-Object {{ $job | Invoke-DbxJobRun }}; $done = $runs | Wait-DbxRun; $outputs = $done | Get-DbxRunOutput");
    Console.WriteLine(clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
    return 0;
}
