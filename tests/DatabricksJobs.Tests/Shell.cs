using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text.RegularExpressions;

namespace DatabricksJobs.Tests;

/// <summary>A runspace of the real PowerShell engine with the module imported, and what a script run in it wrote.</summary>
public sealed partial class Shell : IDisposable
{
    private readonly Runspace _runspace;

    public Shell(string manifestPath)
    {
        Host = new TestHost();
        var state = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(Host, state);
        _runspace.Open();
        Run($"$PSStyle.OutputRendering = 'PlainText'; Import-Module '{manifestPath.Replace("'", "''")}' -ErrorAction Stop").AssertNoErrors();
    }

    public TestHost Host { get; }

    public void Set(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    public object? Get(string name) => _runspace.SessionStateProxy.GetVariable(name);

    /// <summary>Runs a script and keeps every stream it wrote.</summary>
    public ShellResult Run(string script)
    {
        using var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        Collection<PSObject> output;
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            output = [];
            terminating = e;
        }
        return new ShellResult(output, [.. ps.Streams.Error], [.. ps.Streams.Verbose.Select(v => v.Message)],
            [.. ps.Streams.Warning.Select(w => w.Message)], [.. ps.Streams.Progress], terminating, Host.Output, [.. ps.Streams.Information]);
    }

    /// <summary>Runs a script on another thread and returns the PowerShell instance to stop it with (Ctrl+C).</summary>
    public (PowerShell PowerShell, IAsyncResult Result) Start(string script)
    {
        var ps = PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        return (ps, ps.BeginInvoke());
    }

    public void Dispose() => _runspace.Dispose();

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    public static partial Regex Ansi();
}

public sealed record ShellResult(
    Collection<PSObject> Output, List<ErrorRecord> Errors, List<string> Verbose, List<string> Warnings,
    List<ProgressRecord> Progress, Exception? Terminating, string HostText, List<InformationRecord> Information)
{
    public ShellResult AssertNoErrors()
    {
        Assert.True(Terminating is null, $"The script stopped: {Terminating}");
        Assert.True(Errors.Count == 0, "The script wrote errors:\n" + string.Join("\n", Errors.Select(e => $"{e.FullyQualifiedErrorId}: {e}")));
        return this;
    }

    /// <summary>The objects written of a type of the module (by its full name, such as DatabricksJobs.Models.Run).</summary>
    public List<PSObject> Objects(string typeName) => Output.Where(o => o is not null && o.TypeNames.Contains(typeName)).ToList();

    public PSObject Single(string typeName)
    {
        AssertNoErrors();
        var items = Objects(typeName);
        Assert.True(items.Count == 1, $"Expected one {typeName}, got {items.Count} of {Output.Count} objects.");
        return items[0];
    }

    /// <summary>The first error: a statement-terminating error lands in the error stream, a script-terminating one is thrown.</summary>
    public ErrorRecord FirstError()
    {
        var record = (Terminating as IContainsErrorRecord)?.ErrorRecord ?? Errors.FirstOrDefault();
        Assert.True(record is not null, "Expected an error, but the script wrote none.");
        return record!;
    }

    /// <summary>Everything a user could see: output, errors, verbose, warnings, host text.</summary>
    public string AllText() => string.Join("\n",
        Output.Select(o => o?.ToString()).Concat(Errors.Select(e => e + " " + e.ErrorDetails?.Message + " " + e.Exception))
            .Concat(Verbose).Concat(Warnings).Concat([HostText, Terminating?.ToString()]));
}

public static class PSObjectExtensions
{
    /// <summary>A property's value, as PowerShell sees it.</summary>
    public static object? P(this PSObject o, string name) => o.Properties[name]?.Value is { } value ? (value is PSObject ps ? ps.BaseObject : value) : null;

    public static string? S(this PSObject o, string name) => o.P(name)?.ToString();

    public static long L(this PSObject o, string name) => Convert.ToInt64(o.P(name));
}
