using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace DatabricksJobs.Bench;

/// <summary>
/// The module imported from <c>manifest</c> (as a user imports it) into a PowerShell runspace hosted in the benchmark's
/// process, connected to a workspace (the emulator) as its default session. A script's errors throw.
/// </summary>
internal sealed class HostedModule : IDisposable
{
    private readonly Runspace _runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());

    public HostedModule(string manifest, string host, string token)
    {
        _runspace.Open();
        Set("dbxHost", host);
        Set("dbxToken", token);
        Run($"Import-Module '{manifest.Replace("'", "''")}'; $env:DATABRICKS_HOST = $dbxHost; $env:DATABRICKS_TOKEN = $dbxToken; Connect-DbxWorkspace | Out-Null");
    }

    /// <summary>What <paramref name="script"/> writes, unwrapped.</summary>
    public object[] Run(string script)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var output = ps.Invoke();
        if (ps.HadErrors) throw new InvalidOperationException(string.Join("\n", ps.Streams.Error));
        return output.Select(o => o.BaseObject).ToArray();
    }

    public void Set(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    public void Dispose() => _runspace.Dispose();
}
