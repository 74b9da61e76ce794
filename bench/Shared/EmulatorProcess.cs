using System.Diagnostics;
using System.Globalization;

namespace DatabricksJobs.Bench;

/// <summary>
/// The emulator as a process of its own (the build's, beside the benchmark), for benchmarks whose samples are other
/// processes: started on a free loopback port, its host and token read off what it prints; killed on Dispose.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, string host, string token)
    {
        _process = process;
        Host = host;
        Token = token;
    }

    public string Host { get; }
    public string Token { get; }

    /// <summary>The processor time the emulator has used so far.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Starts the emulator with <paramref name="options"/> besides --urls (e.g. "--rate-limit 30").</summary>
    public static EmulatorProcess Start(string options = "")
    {
        var dll = Path.Combine(DatabricksJobs.Tests.ModuleLayout.RepositoryRoot(), "src", "DatabricksJobs.Emulator", "bin",
            DatabricksJobs.Tests.ModuleLayout.BuildConfiguration(), "net10.0", "DatabricksJobs.Emulator.dll");
        var process = Process.Start(new ProcessStartInfo("dotnet", $"\"{dll}\" --urls http://127.0.0.1:0 {options}".TrimEnd()) { RedirectStandardOutput = true })!;
        string? host = null, token = null;
        while ((host is null || token is null) && process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("DATABRICKS_HOST=", StringComparison.Ordinal)) host = line["DATABRICKS_HOST=".Length..];
            if (line.StartsWith("DATABRICKS_TOKEN=", StringComparison.Ordinal)) token = line["DATABRICKS_TOKEN=".Length..];
        }
        if (host is not null && token is not null) return new EmulatorProcess(process, host, token);
        process.Kill(entireProcessTree: true);
        process.Dispose();
        throw new InvalidOperationException("The emulator did not start.");
    }

    public void Dispose()
    {
        _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}

/// <summary>A sample taken in a new process of the benchmark itself (so that it starts cold).</summary>
internal static class SampleProcess
{
    /// <summary>
    /// Runs this program again with <paramref name="arguments"/>, with DATABRICKS_HOST and DATABRICKS_TOKEN set to
    /// <paramref name="emulator"/>'s, and answers what it printed; a sample that fails throws, with what it said.
    /// </summary>
    public static string Run(string arguments, EmulatorProcess emulator)
    {
        var self = Environment.ProcessPath!;
        // Under `dotnet run` the process is dotnet, and the program is its first argument.
        var program = self.EndsWith("dotnet", StringComparison.Ordinal) || self.EndsWith("dotnet.exe", StringComparison.Ordinal)
            ? $"\"{System.Reflection.Assembly.GetEntryAssembly()!.Location}\" " : "";
        var start = new ProcessStartInfo(self, program + arguments);
        start.Environment["DATABRICKS_HOST"] = emulator.Host;
        start.Environment["DATABRICKS_TOKEN"] = emulator.Token;
        var (output, errors, exitCode) = ChildProcess.Run(start);
        if (exitCode != 0) throw new InvalidOperationException($"A sample failed:\n{output}\n{errors}");
        return output;
    }

    /// <summary>
    /// <paramref name="samples"/> samples of each of <paramref name="ways"/>, run with <paramref name="arguments"/> of
    /// the way and taken in turn, so that whatever else the machine does weighs on each alike; a first round warms the
    /// disk cache and is not kept. Each sample prints its numbers on one line, tab-separated.
    /// </summary>
    public static Dictionary<string, List<double[]>> TakeInTurn(IReadOnlyList<string> ways, int samples, Func<string, string> arguments, EmulatorProcess emulator)
    {
        var rows = ways.ToDictionary(w => w, _ => new List<double[]>());
        for (var i = 0; i <= samples; i++)
        foreach (var way in ways)
        {
            var output = Run(arguments(way), emulator);
            if (i > 0) rows[way].Add(output.Trim().Split('\t').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        }
        return rows;
    }
}
