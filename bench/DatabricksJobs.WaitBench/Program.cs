using System.Diagnostics;
using System.Globalization;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Bench;
using DatabricksJobs.Tests;

// How many requests Wait-DbxRun costs, and how soon it sees each run end: 100 runs of one job, 100 runs of 100 jobs,
// and 100 runs of 100 jobs while the workspace has 300 other active runs, each task running a few seconds, waited for
// in one call; requests counted with the emulator's /emulator/stats. Then the same kind of runs polled the naive way
// (runs/get of each pending run every round, with the same backoff) for comparison, taken in turn with the wait.
// The notice delay is the time from a run's end_time to when the wait (or the loop) writes it. Last, the requests of
// starting a run of each job with -Wait and reading the outputs of the runs piped on.
// `dotnet run -c Release --project bench/DatabricksJobs.WaitBench [-- --runs N --others N --task-seconds S --module path.psd1]`

var runs = 100;
var others = 300;
var taskSeconds = 5.0;
var manifest = ModuleLayout.ManifestPath();
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--runs") runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    else if (args[i] == "--others") others = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    else if (args[i] == "--task-seconds") taskSeconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
    else if (args[i] == "--module") manifest = Path.GetFullPath(args[i + 1]);
}

var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", TaskDuration = TimeSpan.FromSeconds(taskSeconds) };
await using var emulator = await EmulatorServer.StartAsync(options);
using var counter = new EmulatorCounter(emulator.BaseUrl, EmulatorOptions.DefaultToken);

using var module = new HostedModule(manifest, emulator.BaseUrl, EmulatorOptions.DefaultToken);
object[] Run(string script) => module.Run(script);

// Each way writes, for each run it has seen end, the seconds from the run's end_time to then.
const string Notice = "ForEach-Object { ([DateTime]::Now - $_.EndTime).TotalSeconds }";
var ways = new (string Label, string Script)[]
{
    ("Wait-DbxRun", $"$runs | Wait-DbxRun | {Notice}"),
    ("naive: runs/get of each pending run per round", $$"""
        $pending = [System.Collections.Generic.List[object]]::new(); $runs | ForEach-Object { $pending.Add($_.RunId) }
        $delay = 500
        & { while ($pending.Count -gt 0) {
            foreach ($id in @($pending)) { $r = Get-DbxRun -RunId $id; if ($r.IsCompleted) { [void]$pending.Remove($id); $r } }
            if ($pending.Count -gt 0) { [Threading.Thread]::Sleep($delay); $delay = [Math]::Min([int]($delay * 1.5), 10000) }
        } } | {{Notice}}
        """),
};

var rows = new List<string>();
void Measure(string scenario, string start)
{
    foreach (var (label, script) in ways)
    {
        Run($"$runs = {start}");
        counter.Clear();
        var clock = Stopwatch.StartNew();
        var delays = Run(script).Select(d => Convert.ToDouble(d, CultureInfo.InvariantCulture)).Order().ToList();
        clock.Stop();
        var stats = counter.Read();
        var median = delays.Count == 0 ? double.NaN : delays[delays.Count / 2];
        var max = delays.Count == 0 ? double.NaN : delays[^1];
        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {scenario} | {label} | {delays.Count} | {clock.Elapsed.TotalSeconds:F1} | {stats.Total} | {stats.Route("GET /api/2.2/jobs/runs/list")} | {stats.Route("GET /api/2.2/jobs/runs/get")} | {median:F1} | {max:F1} |"));
        Console.Error.WriteLine(rows[^1]);
    }
}

const string Task = "@{ task_key = 'a'; notebook_task = @{ notebook_path = '/a' } }";
Run($"$job = New-DbxJob -Name 'wait-bench' -MaxConcurrentRuns {runs} -Task {Task}");
Measure($"{runs} runs of 1 job", $"1..{runs} | ForEach-Object {{ $job | Invoke-DbxJobRun }}");
Run($"$jobs = 1..{runs} | ForEach-Object {{ New-DbxJob -Name \"wait-bench-$_\" -Task {Task} }}");
Measure($"{runs} runs of {runs} jobs", "$jobs | Invoke-DbxJobRun");
// Runs of another job that stay active throughout: the workspace listing has them all to page through.
Run($"$busy = New-DbxJob -Name 'wait-bench-busy' -MaxConcurrentRuns {others} -Task @{{ task_key = 'a'; notebook_task = @{{ notebook_path = '/a'; base_parameters = @{{ sleep_seconds = '3600' }} }} }}");
Run($"1..{others} | ForEach-Object {{ $busy | Invoke-DbxJobRun }} | Out-Null");
Measure($"{runs} runs of {runs} jobs, {others} other runs active", "$jobs | Invoke-DbxJobRun");
Run("Stop-DbxRun -All -JobId $busy.JobId -Wait -Confirm:$false | Out-Null");

// Start, wait and read the outputs in one pipeline: the reads a start and a piped run no longer need.
counter.Clear();
var workflowClock = Stopwatch.StartNew();
var outputs = Run("$jobs | Invoke-DbxJobRun -Wait | Get-DbxRunOutput").Length;
workflowClock.Stop();
var workflow = counter.Read();
var workflowRow = string.Create(CultureInfo.InvariantCulture,
    $"| {runs} jobs: Invoke-DbxJobRun -Wait \\| Get-DbxRunOutput | {outputs} | {workflowClock.Elapsed.TotalSeconds:F1} | {workflow.Total} | " +
    $"{workflow.Route("POST /api/2.2/jobs/run-now")} | {workflow.Route("GET /api/2.2/jobs/runs/list")} | {workflow.Route("GET /api/2.2/jobs/runs/get")} | {workflow.Route("GET /api/2.2/jobs/runs/get-output")} |");
Console.Error.WriteLine(workflowRow);

Console.WriteLine($"""
    One task per run, {taskSeconds} s per task; requests counted by the emulator; notice: seconds from a run's end_time to when it was written.
    Module: {manifest}

    | runs | how | runs ended | seconds | requests | runs/list | runs/get | notice median | notice max |
    |---|---|---:|---:|---:|---:|---:|---:|---:|
    {string.Join(Environment.NewLine, rows)}

    | workflow | outputs | seconds | requests | run-now | runs/list | runs/get | runs/get-output |
    |---|---:|---:|---:|---:|---:|---:|---:|
    {workflowRow}
    """);
