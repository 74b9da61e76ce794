using System.Diagnostics;

namespace DatabricksJobs.Bench;

/// <summary>Another program, run to its end.</summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="start"/> and answers what it wrote to its standard output and error (both read as it
    /// writes them, so that neither fills up and stops it) and its exit code; the caller tells what a failure is.
    /// </summary>
    public static (string Output, string Errors, int ExitCode) Run(ProcessStartInfo start)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var child = Process.Start(start)!;
        var errors = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        return (output, errors.Result, child.ExitCode);
    }
}
