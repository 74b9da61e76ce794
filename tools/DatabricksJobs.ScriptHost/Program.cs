using System.Management.Automation;
using System.Management.Automation.Runspaces;
using DatabricksJobs.ScriptHost;

// Runs a PowerShell script in the hosted engine (PowerShell 7.6), for machines with only the .NET SDK; the script
// imports the module from out/DatabricksJobs, where dotnet build lays it out:
// `dotnet run --project tools/DatabricksJobs.ScriptHost -- <script.ps1> [args]`.

if (args.Length == 0 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("Usage: DatabricksJobs.ScriptHost <script.ps1> [arguments]");
    return 2;
}

// Says to run dotnet build first when the module is not laid out, before the script fails to import it.
_ = ModuleLayout.ManifestPath();
var host = new ConsoleHost();
using var runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
runspace.Open();
using var ps = PowerShell.Create();
ps.Runspace = runspace;
ps.AddCommand(Path.GetFullPath(args[0]));
foreach (var argument in args.Skip(1)) ps.AddArgument(argument);
ps.AddCommand("Out-Default");
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    ps.BeginStop(null, null);
};
try
{
    ps.Invoke();
}
catch (RuntimeException e)
{
    Console.Error.WriteLine(e.ErrorRecord?.ToString() ?? e.Message);
    return 1;
}
foreach (var error in ps.Streams.Error) Console.Error.WriteLine(error.ToString());
Console.Error.Flush();
return ps.HadErrors ? 1 : 0;
