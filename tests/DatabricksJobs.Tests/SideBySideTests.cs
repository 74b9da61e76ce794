using DatabricksJobs.Loading;

namespace DatabricksJobs.Tests;

/// <summary>
/// DatabricksJobs beside a module that ships and uses other versions of its dependencies (Microsoft.Extensions.Http 8,
/// System.Text.Json 8), imported before it or after it, each in a new PowerShell 7.6 process where only PowerShell is
/// loaded, as in pwsh (this test process has ASP.NET Core's copies of those libraries loaded, which would hide any
/// conflict). tests/SideBySide.ps1 runs a job end to end and lists what was loaded.
/// </summary>
public class SideBySideTests(ModuleFixture fixture) : IClassFixture<ModuleFixture>
{
    /// <summary>The other module's dll, built beside its older dependencies as such modules ship.</summary>
    public static readonly string ConflictModule = Path.Combine(ModuleLayout.RepositoryRoot(), "tests", "DatabricksJobs.ConflictModule",
        "bin", ModuleLayout.BuildConfiguration(), "netstandard2.0", "DatabricksJobs.ConflictModule.dll");

    [Theory]
    [InlineData("ConflictFirst")]
    [InlineData("DatabricksJobsFirst")]
    public async Task Both_modules_work_in_either_order_each_with_its_own_copies(string order)
    {
        var text = (await ChildProcess.RunScriptAsync(Path.Combine("tests", "SideBySide.ps1"), [ConflictModule, order], fixture.Emulator.BaseUrl, ModuleFixture.Token))
            .AssertSucceeded($"SideBySide.ps1 {order}").Output;

        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Equal(order == "ConflictFirst" ? 2 : 1, lines.Count(l => l.StartsWith("conflict module: Microsoft.Extensions.Http 8.0.0.0,") && l.EndsWith("""{"base_address":"http://127.0.0.1/probe/"}""")));
        Assert.Equal(order == "ConflictFirst" ? 1 : 2, lines.Count(l => l.StartsWith($"DatabricksJobs: {ModuleFixture.UserName} ran job") && l.EndsWith("ended SUCCESS with 'both loaded'")));

        // Two copies of each shared Microsoft.Extensions library: the other module's beside its dll, ours in dependencies/
        // (on .NET 10, the ReadyToRun images of them for this platform: see ReadyToRunTests).
        var dependencies = Path.Combine(ModuleLayout.ModuleFolder(), "dependencies");
        var images = Path.Combine(dependencies, ReadyToRunImages.FolderName);
        foreach (var library in new[] { "Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection.Abstractions" })
        {
            Assert.Contains($"loaded: {library} 8.0.0.0 from {Path.Combine(Path.GetDirectoryName(ConflictModule)!, library)}.dll", lines);
            Assert.Contains($"loaded: {library} 10.0.0.0 from {Path.Combine(images, library)}.dll", lines);
        }
        Assert.Contains(lines, l => l.StartsWith("loaded: DatabricksJobs.Engine ") && l.EndsWith($"from {Path.Combine(images, "DatabricksJobs.Engine.dll")}"));
        // .NET 10 has System.Text.Json 10: the platform's copy serves both modules, and ours is not loaded.
        Assert.DoesNotContain(lines, l => l.StartsWith("loaded: System.Text.Json") && l.Contains(dependencies));
        Assert.Single(lines, l => l.StartsWith("loaded: System.Text.Json 10.0.0.0 from "));
    }
}
