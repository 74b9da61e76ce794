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

    /// <summary>The module imported, not yet connected: <see cref="Connect"/> before calling the workspace.</summary>
    public HostedModule(string manifest)
    {
        _runspace.Open();
        Run($"Import-Module '{manifest.Replace("'", "''")}'");
    }

    public HostedModule(string manifest, string host, string token) : this(manifest) => Connect(host, token);

    /// <summary>Makes the workspace at <paramref name="host"/> the default session (one module may serve several emulators in turn).</summary>
    public void Connect(string host, string token)
    {
        Set("dbxHost", host);
        Set("dbxToken", token);
        Run("$env:DATABRICKS_HOST = $dbxHost; $env:DATABRICKS_TOKEN = $dbxToken; Connect-DbxWorkspace | Out-Null");
    }

    /// <summary>What <paramref name="script"/> writes, unwrapped; each object is also given to <paramref name="onOutput"/> as it is written.</summary>
    public object[] Run(string script, Action<PSObject>? onOutput = null)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        using var output = new PSDataCollection<PSObject>();
        if (onOutput is not null) output.DataAdded += (_, e) => onOutput(output[e.Index]);
        ps.Invoke(null, output);
        if (ps.HadErrors) throw new InvalidOperationException(string.Join("\n", ps.Streams.Error));
        return output.Select(o => o.BaseObject).ToArray();
    }

    public void Set(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    public void Dispose() => _runspace.Dispose();
}
