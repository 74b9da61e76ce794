using System.Diagnostics;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Identity;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>
/// The official Databricks SDK for JavaScript, unchanged, against the emulator (tests/sdk-compat).
/// Needs Node.js and `npm ci --prefix tests/sdk-compat`, which .ci/run does; on a machine without them the
/// test is skipped, except under CI, where it fails.
/// </summary>
public class SdkCompatibilityTests
{
    private static string SdkCompatFolder()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DatabricksJobs.sln"))) folder = folder.Parent;
        Assert.NotNull(folder);
        return Path.Combine(folder.FullName, "tests", "sdk-compat");
    }

    [SkippableFact]
    public async Task The_official_javascript_sdk_works_against_the_emulator_unchanged()
    {
        var folder = SdkCompatFolder();
        var installed = Directory.Exists(Path.Combine(folder, "node_modules", "@databricks", "sdk-experimental"));
        var underCi = Environment.GetEnvironmentVariable("CI") == "true";
        Assert.False(underCi && !installed, "CI must install the SDK first: npm ci --prefix tests/sdk-compat");
        Skip.IfNot(installed, "The Databricks JS SDK is not installed: run `npm ci --prefix tests/sdk-compat` (needs Node.js).");

        var options = EmulatorFixture.TestOptions();
        options.OAuthClients.Add(new OAuthClient("sdk-compat-client", "sdk-compat-secret"));
        await using var server = await EmulatorServer.StartAsync(options);
        var start = new ProcessStartInfo("node", "jobs-sdk.mjs")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DATABRICKS_HOST"] = server.BaseUrl;
        start.Environment["DATABRICKS_TOKEN"] = EmulatorFixture.AdminToken;
        start.Environment["SDK_COMPAT_CLIENT_ID"] = "sdk-compat-client";
        start.Environment["SDK_COMPAT_CLIENT_SECRET"] = "sdk-compat-secret";
        foreach (var name in new[] { "DATABRICKS_CONFIG_PROFILE", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET", "DATABRICKS_AUTH_TYPE" })
            start.Environment.Remove(name);

        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(node.ExitCode == 0, $"The SDK script failed:\n{await output}\n{await error}");
        Assert.Contains("SDK compatibility: 12 checks passed", await output);
    }
}
