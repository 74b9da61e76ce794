namespace DatabricksJobs.Tests;

/// <summary>
/// The module as it ships, loaded where this process's PowerShell 7.6 can't go (tests/DatabricksJobs.LoadCheck):
/// a self-contained .NET 8 program for PowerShell 7.4, and a .NET Framework 4.7.2 program under Mono for Windows
/// PowerShell 5.1. Each imports the module as those hosts do and makes real requests to the emulator with the
/// module's client: a user, a job created and read back, 30 runs listed over two pages, a run's output, an error body.
/// Each runs alone; with another module imported and used first (SideBySideTests.ConflictModule: Microsoft.Extensions.Http
/// 8 and System.Text.Json 8 beside its dll), as in a runbook that imports Az.Accounts before DatabricksJobs; and with
/// that module loaded from memory at the end, so that its requests for those libraries reach the module's resolver,
/// which must leave them alone.
/// </summary>
public class LoadCheckTests(ModuleFixture fixture) : IClassFixture<ModuleFixture>
{
    private static readonly string ProgramFolder = Path.Combine(ModuleLayout.RepositoryRoot(), "tests", "DatabricksJobs.LoadCheck", "bin", ModuleLayout.BuildConfiguration());
    private static readonly string Dependencies = Path.Combine(ModuleLayout.ModuleFolder(), "dependencies");

    [Theory]
    [InlineData(null)]
    [InlineData("--other-first")]
    [InlineData("--other-in-memory")]
    public async Task On_dotnet_8_as_in_PowerShell_7_4_the_module_runs_with_its_own_System_Text_Json_beside_the_framework_one(string? otherModule)
    {
        // The self-contained program is in net8.0/<runtime identifier>/.
        var program = Directory.GetFiles(Path.Combine(ProgramFolder, "net8.0"), OperatingSystem.IsWindows() ? "DatabricksJobs.LoadCheck.exe" : "DatabricksJobs.LoadCheck",
            SearchOption.AllDirectories).Single();
        var lines = await RunAsync(program, otherModule);

        Assert.Contains(lines, l => l.StartsWith("runtime: .NET 8.0."));
        Assert.Contains("host: {\"host\":\"PowerShell 7.4 stand-in\"} with System.Text.Json 8.0.0.0", lines);
        AssertRequestsWorked(lines);
        // Two copies of System.Text.Json: .NET 8's for the host, and the module's 10.0 in the module's own context.
        var moduleContext = $" in DatabricksJobs load context ({Dependencies})";
        Assert.Contains(lines, l => l.StartsWith("loaded: System.Text.Json 8.0.0.0 from ") && l.EndsWith("\"Default\" System.Runtime.Loader.DefaultAssemblyLoadContext #0"));
        Assert.Contains($"loaded: System.Text.Json 10.0.0.0 from {Path.Combine(Dependencies, "System.Text.Json.dll")}{moduleContext}", lines);
        // The IL: .NET 8 refuses the ReadyToRun images the module ships for .NET 10, and the load context does not offer them.
        Assert.Contains(lines, l => l.StartsWith("loaded: DatabricksJobs.Engine ") && l.EndsWith($"from {Path.Combine(Dependencies, "DatabricksJobs.Engine.dll")}{moduleContext}"));
        Assert.Contains($"loaded: Microsoft.Extensions.Http 10.0.0.0 from {Path.Combine(Dependencies, "Microsoft.Extensions.Http.dll")}{moduleContext}", lines);
        // What .NET 8 provides at the version asked or newer comes from .NET 8, so that Span<T> is one type for all.
        foreach (var framework in new[] { "System.Memory", "System.Runtime.CompilerServices.Unsafe" })
        {
            Assert.Contains(lines, l => l.StartsWith($"loaded: {framework} 8.0.0.0 ") && l.EndsWith("DefaultAssemblyLoadContext #0"));
            Assert.DoesNotContain(lines, l => l.StartsWith($"loaded: {framework} ") && l.Contains(Dependencies));
        }
    }

    [SkippableTheory]
    [InlineData(null)]
    [InlineData("--other-first")]
    [InlineData("--other-in-memory")]
    public async Task On_dotnet_framework_as_in_Windows_PowerShell_5_1_every_dependency_comes_from_the_module_folder_through_its_resolver(string? otherModule)
    {
        var mono = FindOnPath("mono");
        Assert.False(Environment.GetEnvironmentVariable("CI") == "true" && mono is null, "CI must install Mono first (Debian's mono-devel): .ci/run does.");
        Skip.If(mono is null, "Mono is not installed (apt-get install mono-devel): the .NET Framework program can't run here.");

        var lines = await RunAsync(mono!, otherModule, Path.Combine(ProgramFolder, "net472", "DatabricksJobs.LoadCheck.exe"));

        Assert.Contains(lines, l => l.StartsWith("runtime: Mono "));
        AssertRequestsWorked(lines);
        // The program ships none of them: each was found by the module's resolver, in dependencies/.
        foreach (var library in new[] { "DatabricksJobs.Engine", "System.Text.Json", "Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection.Abstractions", "System.Memory" })
            Assert.Contains(lines, l => l.StartsWith($"loaded: {library} ") && l.EndsWith($"from {Path.Combine(Dependencies, library)}.dll"));
    }

    /// <summary>Runs <paramref name="program"/> (with <paramref name="programDll"/> under Mono) and checks what both modules did.</summary>
    private async Task<List<string>> RunAsync(string program, string? otherModule, string? programDll = null)
    {
        string[] arguments = [.. programDll is null ? [] : new[] { programDll }, ModuleLayout.ModuleFolder(), .. otherModule is null ? [] : new[] { otherModule, SideBySideTests.ConflictModule }];
        var result = await ChildProcess.RunAsync(program, arguments, fixture.Emulator.BaseUrl, ModuleFixture.Token);
        result.AssertSucceeded(Path.GetFileName(program));
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();

        Assert.Equal(otherModule == "--other-first" ? 2 : 0, lines.Count(l => l.StartsWith("other module: Microsoft.Extensions.Http 8.0.0.0, ") && l.EndsWith("""{"base_address":"http://127.0.0.1/probe/"}""")));
        // Loaded from memory, nothing is found beside it, and the module's resolver gives it none of the module's copies.
        Assert.Equal(otherModule == "--other-in-memory", lines.Contains("in-memory module: FileNotFoundException, its libraries left to it"));
        if (otherModule == "--other-first")
        {
            var otherFolder = Path.GetDirectoryName(SideBySideTests.ConflictModule)!;
            Assert.Contains(lines, l => l.StartsWith("loaded: Microsoft.Extensions.Http 8.0.0.0 ") && l.Contains($"from {Path.Combine(otherFolder, "Microsoft.Extensions.Http.dll")}"));
            Assert.Contains(lines, l => l.StartsWith("loaded: Microsoft.Extensions.Http 10.0.0.0 ") && l.Contains($"from {Path.Combine(Dependencies, "Microsoft.Extensions.Http.dll")}"));
        }
        return lines;
    }

    private static void AssertRequestsWorked(List<string> lines)
    {
        Assert.Contains("imported DatabricksJobs: 27 cmdlets, initializer DatabricksJobs.Loading.ModuleInitializer", lines);
        Assert.Contains($"user: {ModuleFixture.UserName} (PersonalAccessToken from environment variables)", lines);
        Assert.Contains(lines, l => l.StartsWith("job: ") && l.EndsWith(" 'load check' with 1 task(s)"));
        Assert.Contains("runs: 30 listed in 2 pages", lines);
        Assert.Contains(lines, l => l.StartsWith("run: ") && l.EndsWith(" TERMINATED SUCCESS, output 'run 30'"));
        Assert.Contains(lines, l => l.StartsWith("error: RESOURCE_DOES_NOT_EXIST HTTP 404: Job ") && l.EndsWith(" does not exist."));
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
}
