using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Tests;

// How many requests Wait-DbxRun costs: 100 runs of one job, each task running a few seconds, waited for in one
// call; counted with the emulator's /emulator/stats. Then the same runs polled the naive way (runs/get of each
// pending run every round) for comparison.
// `dotnet run -c Release --project bench/DatabricksJobs.WaitBench [-- --runs N --task-seconds S]`

var runs = 100;
var taskSeconds = 5.0;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--runs") runs = int.Parse(args[i + 1]);
    else if (args[i] == "--task-seconds") taskSeconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
}

var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", TaskDuration = TimeSpan.FromSeconds(taskSeconds) };
await using var emulator = await EmulatorServer.StartAsync(options);
using var http = new HttpClient { BaseAddress = new Uri(emulator.BaseUrl) };
http.DefaultRequestHeaders.Authorization = new("Bearer", EmulatorOptions.DefaultToken);
async Task<JsonNode> StatsAsync() => JsonNode.Parse(await http.GetStringAsync("/emulator/stats"))!;
async Task ClearStatsAsync() => await http.DeleteAsync("/emulator/stats");

var manifest = ModuleLayout.ManifestPath();
using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
runspace.Open();
object[] Run(string script)
{
    using var ps = PowerShell.Create();
    ps.Runspace = runspace;
    ps.AddScript(script);
    var output = ps.Invoke();
    if (ps.HadErrors) throw new InvalidOperationException(string.Join("\n", ps.Streams.Error));
    return output.Select(o => o.BaseObject).ToArray();
}
runspace.SessionStateProxy.SetVariable("dbxHost", emulator.BaseUrl);
runspace.SessionStateProxy.SetVariable("dbxToken", EmulatorOptions.DefaultToken);
Run($"Import-Module '{manifest}'; $env:DATABRICKS_HOST = $dbxHost; $env:DATABRICKS_TOKEN = $dbxToken; Connect-DbxWorkspace | Out-Null");

string Measure(string label, string script)
{
    Run("$runs = 1..$count | ForEach-Object { $job | Invoke-DbxJobRun }".Replace("$count", runs.ToString()));
    ClearStatsAsync().GetAwaiter().GetResult();
    var clock = Stopwatch.StartNew();
    var done = Run(script).Length;
    clock.Stop();
    var stats = StatsAsync().GetAwaiter().GetResult();
    var total = stats["total"]!.GetValue<long>();
    long Route(string r) => stats["by_route"]?[r]?.GetValue<long>() ?? 0;
    return $"| {label} | {done} | {clock.Elapsed.TotalSeconds:F1} | {total} | {Route("GET /api/2.2/jobs/runs/list")} | {Route("GET /api/2.2/jobs/runs/get")} | {total / clock.Elapsed.TotalSeconds:F1} |";
}

Run($"$job = New-DbxJob -Name 'wait-bench' -MaxConcurrentRuns {runs} -Task @{{ task_key = 'a'; notebook_task = @{{ notebook_path = '/a' }} }}");
var waited = Measure("Wait-DbxRun", "$runs | Wait-DbxRun");
// The naive loop: every round, runs/get of each run that has not ended, with the same backoff.
var naive = Measure("naive: runs/get of each pending run per round", """
    $pending = [System.Collections.Generic.List[object]]::new(); $runs | ForEach-Object { $pending.Add($_.RunId) }
    $delay = 500; $done = 0
    while ($pending.Count -gt 0) {
        foreach ($id in @($pending)) { $r = Get-DbxRun -RunId $id; if ($r.IsCompleted) { [void]$pending.Remove($id); $r } }
        if ($pending.Count -gt 0) { [Threading.Thread]::Sleep($delay); $delay = [Math]::Min([int]($delay * 1.5), 10000) }
    }
    """);

Console.WriteLine($"""
    {runs} runs of one job, one task each, {taskSeconds} s per task; requests counted by the emulator.

    | how | runs ended | seconds | requests | runs/list | runs/get | requests per second |
    |---|---:|---:|---:|---:|---:|---:|
    {waited}
    {naive}
    """);
