using System.Diagnostics;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>The emulator as a newcomer starts it: a child process that prints what a shell needs.</summary>
public class CommandLineTests
{
    private static readonly string EmulatorDll = Path.Combine(AppContext.BaseDirectory, "DatabricksJobs.Emulator.dll");

    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(EmulatorDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }

    [Fact]
    public async Task It_prints_the_host_and_token_to_use_and_stops_cleanly_on_ctrl_c()
    {
        using var process = Start("--urls", "http://127.0.0.1:0", "--token", "dapi-cli-test", "--task-duration", "0.2");
        try
        {
            var host = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            var token = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Matches(@"^DATABRICKS_HOST=http://127\.0\.0\.1:\d+$", host);
            Assert.Equal("DATABRICKS_TOKEN=dapi-cli-test", token);

            using var api = new ApiClient(host!["DATABRICKS_HOST=".Length..], "dapi-cli-test");
            Assert.Equal("emulator-user@example.com", (await api.GetAsync("/api/2.0/preview/scim/v2/Me")).Ok()["userName"]!.GetValue<string>());

            if (OperatingSystem.IsWindows()) return;
            using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString()])) await interrupt.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
            Assert.Equal(0, process.ExitCode);
            Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    [Fact]
    public async Task An_oauth_client_given_on_the_command_line_gets_tokens_that_live_as_long_as_told()
    {
        using var process = Start("--urls", "http://127.0.0.1:0", "--oauth-client", "cli-client=cli-secret", "--token-lifetime", "120");
        try
        {
            var host = (await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)))!["DATABRICKS_HOST=".Length..];
            using var http = new HttpClient { BaseAddress = new Uri(host) };
            using var response = await http.PostAsync("/oidc/v1/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["scope"] = "all-apis", ["client_id"] = "cli-client", ["client_secret"] = "cli-secret",
            }));
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.InRange(json["expires_in"]!.GetValue<long>(), 100, 120);
            using var api = new ApiClient(host, json["access_token"]!.GetValue<string>());
            Assert.Equal("cli-client", (await api.GetAsync("/api/2.0/preview/scim/v2/Me")).Ok()["userName"]!.GetValue<string>());
        }
        finally
        {
            process.Kill(entireProcessTree: true);
        }
    }

    [Theory]
    [InlineData("--task-duration", "soon")]
    [InlineData("--rate-limit", "-1")]
    [InlineData("--no-such-option")]
    [InlineData("--token")]
    [InlineData("--oauth-client", "no-secret")]
    [InlineData("--token-lifetime", "0")]
    public async Task A_bad_option_exits_2_with_the_usage(params string[] args)
    {
        using var process = Start(args);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, process.ExitCode);
        var error = await process.StandardError.ReadToEndAsync();
        Assert.Contains("Usage: DatabricksJobs.Emulator", error);
        Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
    }
}
