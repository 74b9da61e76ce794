using System.Security;
using DatabricksJobs.Emulator.Hosting;

namespace DatabricksJobs.Tests;

/// <summary>
/// The built module laid out in its own folder (manifest, format file, dll and dependencies), as a user installs it,
/// and an emulator on a free loopback port. One per test class.
/// </summary>
public class ModuleFixture : IAsyncLifetime
{
    public const string Token = "dapi-module-test-0123456789";
    public const string UserName = "module-tester@example.com";

    public EmulatorServer Emulator { get; private set; } = null!;
    public string ManifestPath { get; private set; } = null!;
    private string _moduleRoot = null!;

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DatabricksJobs.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root (DatabricksJobs.sln) was not found.");
    }

    public static string LayOutModule(string destination)
    {
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var binaries = Path.Combine(root, "src", "DatabricksJobs", "bin", configuration, "netstandard2.0");
        if (!File.Exists(Path.Combine(binaries, "DatabricksJobs.dll"))) throw new InvalidOperationException($"The module is not built: {binaries}");
        var module = Path.Combine(destination, "DatabricksJobs");
        Directory.CreateDirectory(module);
        foreach (var file in Directory.GetFiles(binaries, "*.dll")) File.Copy(file, Path.Combine(module, Path.GetFileName(file)), overwrite: true);
        foreach (var file in new[] { "DatabricksJobs.psd1", "DatabricksJobs.format.ps1xml" }) File.Copy(Path.Combine(root, file), Path.Combine(module, file), overwrite: true);
        return Path.Combine(module, "DatabricksJobs.psd1");
    }

    protected virtual void Configure(EmulatorOptions options)
    {
    }

    public async Task InitializeAsync()
    {
        _moduleRoot = Path.Combine(Path.GetTempPath(), $"dbx-module-{Guid.NewGuid():N}");
        ManifestPath = LayOutModule(_moduleRoot);
        var options = new EmulatorOptions { Urls = "http://127.0.0.1:0", TaskDuration = TimeSpan.FromMilliseconds(150), TickInterval = TimeSpan.FromMilliseconds(10) };
        options.Tokens.Add(new TokenIdentity(Token, UserName, IsAdmin: true));
        Configure(options);
        Emulator = await EmulatorServer.StartAsync(options);
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
        try
        {
            Directory.Delete(_moduleRoot, recursive: true);
        }
        catch (IOException)
        {
            // The module's dll stays loaded in this process; the temp folder goes with the machine.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
