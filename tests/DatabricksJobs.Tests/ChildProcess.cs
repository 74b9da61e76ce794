using System.Diagnostics;

namespace DatabricksJobs.Tests;

/// <summary>
/// Programs the tests run in processes of their own: a new pwsh with nothing loaded yet, another .NET
/// runtime, Mono. Nothing of the test process's own load path (ASP.NET Core, for the emulator) reaches them.
/// </summary>
public static class ChildProcess
{
    public sealed record Result(int ExitCode, string Output, string Error)
    {
        public Result AssertSucceeded(string what)
        {
            Assert.True(ExitCode == 0, $"{what} failed with exit code {ExitCode}:\n{Output}\n{Error}");
            return this;
        }
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> to its end, with the workspace of <paramref name="emulatorUrl"/> and the variables
    /// of <paramref name="environment"/> in its environment when given.
    /// </summary>
    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, string? emulatorUrl = null, string? token = null,
        TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = ModuleLayout.RepositoryRoot(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var name in new[] { "DATABRICKS_HOST", "DATABRICKS_TOKEN", "DATABRICKS_CONFIG_PROFILE" }) start.Environment.Remove(name);
        // Never a profile of the machine's own configuration file.
        start.Environment["DATABRICKS_CONFIG_FILE"] = Path.Combine(Path.GetTempPath(), $"dbx-no-config-{Guid.NewGuid():N}");
        if (emulatorUrl is not null) start.Environment["DATABRICKS_HOST"] = emulatorUrl;
        if (token is not null) start.Environment["DATABRICKS_TOKEN"] = token;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout ?? TimeSpan.FromMinutes(3));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} {string.Join(" ", arguments)} did not end in time:\n{await output}\n{await error}");
        }
        return new Result(process.ExitCode, await output, await error);
    }

    /// <summary>
    /// Runs a PowerShell script with the positional arguments given in a new process of the PowerShell the repository
    /// pins (.config/dotnet-tools.json), as the README runs scripts: dotnet pwsh, after dotnet tool restore.
    /// </summary>
    public static Task<Result> RunScriptAsync(string script, IEnumerable<string> arguments, string? emulatorUrl = null, string? token = null,
        IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync("dotnet", new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", script }.Concat(arguments), emulatorUrl, token, TimeSpan.FromMinutes(4), environment);
}
