using System.Security;
using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Hosting;

namespace DatabricksJobs.Tests;

/// <summary>
/// The module as it installs (out/DatabricksJobs, which the build lays out), and an emulator on a free loopback port.
/// One per test class, or one of a test's own (<see cref="StartAsync"/>).
/// </summary>
public class ModuleFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string Token = "dapi-module-test-0123456789";
    public const string UserName = "module-tester@example.com";

    public EmulatorServer Emulator { get; private set; } = null!;
    public string ManifestPath { get; } = ModuleLayout.ManifestPath();
    private Action<EmulatorOptions>? _configure;

    protected virtual void Configure(EmulatorOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", TaskDuration = TimeSpan.FromMilliseconds(150), TickInterval = TimeSpan.FromMilliseconds(10) };
        options.Tokens.Add(new TokenIdentity(Token, UserName, IsAdmin: true));
        Configure(options);
        _configure?.Invoke(options);
        Emulator = await EmulatorServer.StartAsync(options);
    }

    /// <summary>
    /// A fixture started for one test, with an emulator (a host) no other test uses, its options set by
    /// <paramref name="configure"/>: for a test that leaves its host in a state the others must not meet (held by a 429, say).
    /// </summary>
    public static async Task<ModuleFixture> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var fixture = new ModuleFixture { _configure = configure };
        await fixture.InitializeAsync();
        return fixture;
    }

    /// <summary>A new runspace with the module imported and, unless told not to, connected to the emulator.</summary>
    public Shell NewShell(bool connect = true)
    {
        var shell = new Shell(ManifestPath);
        if (connect)
        {
            shell.Set("dbxUrl", Emulator.BaseUrl);
            shell.Set("dbxToken", SecureToken(Token));
            shell.Run("Connect-DbxWorkspace -Host $dbxUrl -Token $dbxToken | Out-Null").AssertNoErrors();
            shell.Host.Clear();
        }
        return shell;
    }

    /// <summary>Arms a fault in the emulator (see EMULATOR.md, test controls), such as a dropped connection.</summary>
    public void ArmFault(string fault) => PostControl("/emulator/faults", fault);

    /// <summary>Defines a cluster policy in the emulator (see EMULATOR.md, test controls): {"policy_id": ..., "definition": {...}}.</summary>
    public void AddPolicy(string policy) => PostControl("/emulator/policies", policy);

    private void PostControl(string path, string json)
    {
        using var http = ControlClient();
        var response = http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json")).GetAwaiter().GetResult();
        Assert.True(response.IsSuccessStatusCode, response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
    }

    /// <summary>
    /// Waits until every armed fault has been used, 30 s at most: the requests they are for have arrived (one delayed by
    /// its fault is then in flight), the sign a test waits for, not a guess of how long that takes.
    /// </summary>
    public void WaitForFaultsUsed()
    {
        using var http = ControlClient();
        WaitUntil(() => JsonNode.Parse(http.GetStringAsync("/emulator/faults").GetAwaiter().GetResult())!["faults"]!.AsArray().Count == 0,
            () => "The faults armed were not all used in 30 s.");
    }

    /// <summary>Disarms every fault (a test that armed more than it used clears them, so other tests of the class do not meet them).</summary>
    public void ClearFaults()
    {
        using var http = ControlClient();
        Assert.True(http.DeleteAsync("/emulator/faults").GetAwaiter().GetResult().IsSuccessStatusCode);
    }

    /// <summary>The emulator's request counts so far (GET /emulator/stats: by_route, by_status), so that a test can tell how many calls were made.</summary>
    public JsonNode Stats()
    {
        using var http = ControlClient();
        return JsonNode.Parse(http.GetStringAsync("/emulator/stats").GetAwaiter().GetResult())!;
    }

    /// <summary>The requests of <paramref name="route"/> ("GET /api/2.2/jobs/list") that <paramref name="stats"/> counts.</summary>
    public static long Sent(JsonNode stats, string route) => stats["by_route"]?[route]?.GetValue<long>() ?? 0;

    /// <summary>The requests of <paramref name="route"/> the emulator has counted so far.</summary>
    public long Sent(string route) => Sent(Stats(), route);

    /// <summary>
    /// Waits until the emulator has answered <paramref name="count"/> requests of <paramref name="route"/> in all (it counts
    /// a request once answered), 30 s at most: the sign a test waits for, not a guess of how long the request takes.
    /// </summary>
    public void WaitForSent(string route, long count) =>
        WaitUntil(() => Sent(route) >= count, () => $"The emulator answered {Sent(route)} requests of {route} in 30 s, not {count}.");

    /// <summary>Polls <paramref name="done"/> until it holds, 30 s at most; then fails with <paramref name="why"/>.</summary>
    private static void WaitUntil(Func<bool> done, Func<string> why)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!done())
        {
            if (DateTime.UtcNow >= deadline) Assert.Fail(why());
            Thread.Sleep(20);
        }
    }

    /// <summary>A client of the emulator's test controls (/emulator/...), signed in as the fixture's admin.</summary>
    private HttpClient ControlClient()
    {
        var http = new HttpClient { BaseAddress = new Uri(Emulator.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        return http;
    }

    public static SecureString SecureToken(string text)
    {
        var token = new SecureString();
        foreach (var c in text) token.AppendChar(c);
        token.MakeReadOnly();
        return token;
    }

    public async Task DisposeAsync()
    {
        await Emulator.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();
}
