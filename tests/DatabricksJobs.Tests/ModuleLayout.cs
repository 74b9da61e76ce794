namespace DatabricksJobs.Tests;

/// <summary>
/// Where the module is as it installs: out/DatabricksJobs, which the module's build lays out (manifest, format file,
/// help, the cmdlets' dll and its dependencies/ folder). The benchmarks compile this file too.
/// </summary>
public static class ModuleLayout
{
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DatabricksJobs.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root (DatabricksJobs.sln) was not found.");
    }

    /// <summary>The configuration (Debug or Release) the running code was built in, as its folder says.</summary>
    public static string BuildConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>The laid-out module's folder.</summary>
    public static string ModuleFolder() => Path.Combine(RepositoryRoot(), "out", "DatabricksJobs");

    /// <summary>The laid-out module's manifest; an error when the module is not built.</summary>
    public static string ManifestPath()
    {
        var manifest = Path.Combine(ModuleFolder(), "DatabricksJobs.psd1");
        if (!File.Exists(manifest) || !File.Exists(Path.Combine(ModuleFolder(), "DatabricksJobs.dll")))
            throw new InvalidOperationException($"The module is not laid out in {ModuleFolder()}: run dotnet build first.");
        return manifest;
    }
}
