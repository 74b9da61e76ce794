using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using DatabricksJobs.Bench;
using DatabricksJobs.Tests;

// Import time of the module as it ships: each sample is a new process that opens a runspace, imports the module
// by its manifest, connects to the emulator and lists jobs (the first calls load the client and its dependencies).
// Given several --module manifests (another build to compare with), it takes their samples in turn, so that whatever
// else the machine does weighs on each alike.
// `dotnet run -c Release --project bench/DatabricksJobs.ImportBench [-- --module path/to/DatabricksJobs.psd1 ... --samples N]`

if (args.Length == 2 && args[0] == "--sample") return Sample(args[1]);

var modules = new List<string>();
var samples = 20;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    if (args[i] == "--module") modules.Add(Path.GetFullPath(args[i + 1]));
    else if (args[i] == "--samples") samples = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
}
if (modules.Count == 0) modules.Add(ModuleLayout.ManifestPath());
foreach (var module in modules.Where(m => !File.Exists(m))) throw new FileNotFoundException($"No module manifest at {module}: build first (dotnet build).");

using var emulator = EmulatorProcess.Start();

var rows = SampleProcess.TakeInTurn(modules, samples, module => $"--sample \"{module}\"", emulator);
string[] steps = ["open a runspace", "Import-Module", "Connect-DbxWorkspace (first call)", "Get-DbxJob (first list)", "all four"];
Console.WriteLine($"{samples} new processes per module, taken in turn; .NET {Environment.Version}, {Environment.ProcessorCount} cores; milliseconds");
foreach (var module in modules)
{
    Console.WriteLine();
    Console.WriteLine($"module: {module}");
    Console.WriteLine();
    Console.WriteLine("| step | median | p90 | min |");
    Console.WriteLine("|---|---:|---:|---:|");
    for (var s = 0; s < steps.Length; s++)
    {
        var values = rows[module].Select(r => s < r.Length ? r[s] : r.Sum()).Order().ToArray();
        Console.WriteLine($"| {steps[s]} | {Percentile(values, 0.5):F0} | {Percentile(values, 0.9):F0} | {values[0]:F0} |");
    }
}
return 0;

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

// One sample: the times of each step, tab-separated, in milliseconds. The workspace comes from DATABRICKS_HOST/TOKEN.
static int Sample(string module)
{
    var clock = Stopwatch.StartNew();
    using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
    runspace.Open();
    var times = new List<double> { clock.Elapsed.TotalMilliseconds };
    foreach (var script in new[]
             {
                 $"Import-Module '{module.Replace("'", "''")}' -ErrorAction Stop",
                 "Connect-DbxWorkspace -ErrorAction Stop | Out-Null",
                 "Get-DbxJob -ErrorAction Stop | Out-Null",
             })
    {
        clock.Restart();
        using var ps = PowerShell.Create();
        ps.Runspace = runspace;
        ps.AddScript(script).Invoke();
        if (ps.HadErrors) throw new InvalidOperationException(string.Join("\n", ps.Streams.Error));
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    Console.WriteLine(string.Join("\t", times.Select(t => t.ToString("F1", CultureInfo.InvariantCulture))));
    return 0;
}
