namespace DatabricksJobs.ScriptHost;

/// <summary>Lays out the built module as a user installs it: manifest, format file, help, the dll and its dependencies.</summary>
public static class ModuleLayout
{
    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "DatabricksJobs.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root (DatabricksJobs.sln) was not found.");
    }

    /// <summary>Copies the module into <paramref name="destination"/>/DatabricksJobs and answers its manifest's path.</summary>
    public static string LayOut(string destination)
    {
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var binaries = Path.Combine(root, "src", "DatabricksJobs", "bin", configuration, "netstandard2.0");
        if (!File.Exists(Path.Combine(binaries, "DatabricksJobs.dll"))) throw new InvalidOperationException($"The module is not built: {binaries}");
        var module = Path.Combine(destination, "DatabricksJobs");
        Directory.CreateDirectory(module);
        foreach (var file in Directory.GetFiles(binaries, "*.dll")) File.Copy(file, Path.Combine(module, Path.GetFileName(file)), overwrite: true);
        foreach (var file in new[] { "DatabricksJobs.psd1", "DatabricksJobs.format.ps1xml" }) File.Copy(Path.Combine(root, file), Path.Combine(module, file), overwrite: true);
        // The help Get-Help reads, which the module's build writes.
        Directory.CreateDirectory(Path.Combine(module, "en-US"));
        File.Copy(Path.Combine(binaries, "en-US", "DatabricksJobs.dll-Help.xml"), Path.Combine(module, "en-US", "DatabricksJobs.dll-Help.xml"), overwrite: true);
        return Path.Combine(module, "DatabricksJobs.psd1");
    }
}
