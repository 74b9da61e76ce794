using System.IO.Compression;
using System.Management.Automation;
using System.Xml.Linq;

namespace DatabricksJobs.Tests;

/// <summary>
/// The README's pack command, run once into a temp folder after the build, and the manifest as PowerShell reads it
/// (out/DatabricksJobs imported), which the packages must agree with.
/// </summary>
public sealed class PackageFixture : IAsyncLifetime
{
    private Shell _source = null!;

    public string Folder { get; } = Directory.CreateTempSubdirectory("dbx-pack-").FullName;

    public string PackOutput => Path.Combine(Folder, "packages");

    public PSModuleInfo Module { get; private set; } = null!;

    /// <summary>What dotnet pack said.</summary>
    public ChildProcess.Result PackResult { get; private set; } = null!;

    public string Version => Module.Version.ToString();

    public string NupkgPath => Path.Combine(PackOutput, $"DatabricksJobs.{Version}.nupkg");

    public string ZipPath => Path.Combine(PackOutput, "DatabricksJobs.zip");

    public async Task InitializeAsync()
    {
        PackResult = (await Pack(PackOutput)).AssertSucceeded("dotnet pack");
        _source = new Shell(ModuleLayout.ManifestPath());
        Module = (PSModuleInfo)_source.Run("Get-Module DatabricksJobs").Single("System.Management.Automation.PSModuleInfo").BaseObject;
    }

    /// <summary>The README's pack command, with the test's own configuration.</summary>
    public static Task<ChildProcess.Result> Pack(string output, params string[] properties) =>
        ChildProcess.RunAsync("dotnet", ["pack", Path.Combine("src", "DatabricksJobs"), "--no-build", "-c", ModuleLayout.BuildConfiguration(), "-o", output, .. properties],
            timeout: TimeSpan.FromMinutes(2),
            // No MSBuild node stays behind after the test.
            environment: new Dictionary<string, string> { ["MSBUILDDISABLENODEREUSE"] = "1" });

    /// <summary>The files of a module folder, as paths relative to it with forward slashes, as in a zip.</summary>
    public static List<string> FilesOf(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public Task DisposeAsync()
    {
        _source.Dispose();
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>
/// dotnet pack's PowerShell Gallery package and Azure Automation zip: what they hold, what the nuspec says, and that
/// each, installed as Install-Module or Azure Automation would, imports with its commands and help.
/// </summary>
public class PackageTests(PackageFixture pack) : IClassFixture<PackageFixture>
{
    private static readonly string LaidOutFolder = ModuleLayout.ModuleFolder();

    [Fact]
    public void Pack_writes_the_gallery_package_and_the_automation_zip_and_nothing_else()
    {
        Assert.Equal(
            [Path.GetFileName(pack.NupkgPath), Path.GetFileName(pack.ZipPath)],
            Directory.GetFiles(pack.PackOutput).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_nuspec_says_what_the_manifest_says()
    {
        var metadata = Metadata();
        Assert.Equal("DatabricksJobs", metadata["id"]);
        Assert.Equal(pack.Version, metadata["version"]);
        Assert.Equal(pack.Module.Author, metadata["authors"]);
        Assert.Equal(pack.Module.CompanyName, metadata["owners"]);
        Assert.Equal(pack.Module.Description, metadata["description"]);
        Assert.Equal(pack.Module.Copyright, metadata["copyright"]);
        Assert.Equal("false", metadata["requireLicenseAcceptance"]);
        Assert.Equal("https://opensource.org/licenses/MIT", metadata["licenseUrl"]);
        Assert.Equal(pack.Module.LicenseUri.ToString(), metadata["licenseUrl"]);
        Assert.Equal("https://github.com/databricksjobs/DatabricksJobs", metadata["projectUrl"]);
        Assert.Equal(pack.Module.ProjectUri.ToString(), metadata["projectUrl"]);
        Assert.StartsWith($"{pack.Version}: ", pack.Module.ReleaseNotes);
        Assert.Equal(pack.Module.ReleaseNotes.ReplaceLineEndings("\n"), metadata["releaseNotes"].ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_package_has_the_readme_as_its_readme_so_that_pack_does_not_warn_of_none()
    {
        Assert.Equal("README.md", Metadata()["readme"]);
        using var package = ZipFile.OpenRead(pack.NupkgPath);
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        Assert.Equal(File.ReadAllText(Path.Combine(ModuleLayout.RepositoryRoot(), "README.md")), readme.ReadToEnd());
        Assert.DoesNotContain("readme", pack.PackResult.Output + pack.PackResult.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_tags_hold_the_manifests_own_and_those_the_gallery_searches_by()
    {
        var tags = Metadata()["tags"].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var cmdlets = pack.Module.ExportedCmdlets.Keys.ToList();
        Assert.NotEmpty(cmdlets);
        Assert.Subset(tags.ToHashSet(), new HashSet<string>(["PSModule", "PSEdition_Desktop", "PSEdition_Core", "PSIncludes_Cmdlet", .. pack.Module.Tags]));
        // One PSCmdlet_ and one PSCommand_ tag per exported cmdlet, none for anything else.
        Assert.Equal(cmdlets.Select(c => $"PSCmdlet_{c}").Order(), tags.Where(t => t.StartsWith("PSCmdlet_")).Order());
        Assert.Equal(cmdlets.Select(c => $"PSCommand_{c}").Order(), tags.Where(t => t.StartsWith("PSCommand_")).Order());
        Assert.Equal(tags.Length, tags.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_nupkg_holds_the_module_folder_at_its_root_and_nugets_own_parts_besides()
    {
        using var package = ZipFile.OpenRead(pack.NupkgPath);
        AssertIsTheModuleFolder(package.Entries.Where(e => !IsNuGetPart(e.FullName)), "");
        Assert.Equal(4, package.Entries.Count(e => IsNuGetPart(e.FullName)));
    }

    [Fact]
    public void The_zip_holds_only_the_module_folder_named_after_the_module()
    {
        using var zip = ZipFile.OpenRead(pack.ZipPath);
        Assert.All(zip.Entries, entry => Assert.StartsWith("DatabricksJobs/", entry.FullName));
        AssertIsTheModuleFolder(zip.Entries, "DatabricksJobs/");
    }

    [Fact]
    public void The_module_installed_from_the_nupkg_imports_with_every_cmdlet_and_the_help()
    {
        // As Install-Module does: the module's files, without NuGet's parts, in <modules>/DatabricksJobs/<version>.
        var folder = Path.Combine(pack.Folder, "installed", "DatabricksJobs", pack.Version);
        using var package = ZipFile.OpenRead(pack.NupkgPath);
        foreach (var entry in package.Entries.Where(e => !IsNuGetPart(e.FullName)))
        {
            var path = Path.Combine(folder, entry.FullName);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            entry.ExtractToFile(path);
        }
        AssertImports(Path.Combine(folder, "DatabricksJobs.psd1"));
    }

    [Fact]
    public void The_module_extracted_from_the_automation_zip_imports_with_every_cmdlet_and_the_help()
    {
        var folder = Path.Combine(pack.Folder, "automation");
        ZipFile.ExtractToDirectory(pack.ZipPath, folder);
        AssertImports(Path.Combine(folder, "DatabricksJobs", "DatabricksJobs.psd1"));
    }

    [Fact]
    public async Task Pack_fails_naming_the_file_the_manifest_names_that_the_module_folder_lacks()
    {
        var broken = Path.Combine(pack.Folder, "broken", "DatabricksJobs");
        foreach (var file in PackageFixture.FilesOf(LaidOutFolder).Where(f => f != "DatabricksJobs.format.ps1xml"))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(broken, file))!);
            File.Copy(Path.Combine(LaidOutFolder, file), Path.Combine(broken, file));
        }
        var output = Path.Combine(pack.Folder, "broken-packages");

        var result = await PackageFixture.Pack(output, $"-p:ModuleLayoutDir={broken}/");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("error DBXPACK: the manifest names DatabricksJobs.format.ps1xml, which is not in", result.Output + result.Error);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), "A package was written.");
    }

    /// <summary>
    /// The files packaged under a folder of the archive are out/DatabricksJobs's, of the same sizes, the manifest and
    /// every file it names among them; no build leftovers.
    /// </summary>
    private void AssertIsTheModuleFolder(IEnumerable<ZipArchiveEntry> entries, string folder)
    {
        var sizes = entries.ToDictionary(e => e.FullName[folder.Length..], e => e.Length);
        var files = sizes.Keys.ToList();
        var laidOut = PackageFixture.FilesOf(LaidOutFolder);
        Assert.Equal(laidOut, files.Order(StringComparer.Ordinal));
        Assert.All(laidOut, file => Assert.Equal(new FileInfo(Path.Combine(LaidOutFolder, file)).Length, sizes[file]));
        string[] named =
        [
            "DatabricksJobs.psd1",
            pack.Module.RootModule,
            .. pack.Module.ExportedFormatFiles.Concat(pack.Module.ExportedTypeFiles).Concat(pack.Module.FileList)
                .Select(path => Path.GetRelativePath(pack.Module.ModuleBase, path).Replace(Path.DirectorySeparatorChar, '/')),
        ];
        Assert.Subset(files.ToHashSet(), named.ToHashSet());
        Assert.Contains("dependencies/DatabricksJobs.Engine.dll", files);
        Assert.Contains("en-US/about_DatabricksJobs.help.txt", files);
        Assert.Contains("README.md", files);
        // The help is the one XML file; no symbols, documentation or bin/obj folders.
        Assert.Equal(["en-US/DatabricksJobs.dll-Help.xml"], files.Where(f => f.EndsWith(".xml")));
        Assert.DoesNotContain(files, f => f.EndsWith(".pdb") || f.StartsWith("bin/") || f.StartsWith("obj/"));
    }

    /// <summary>
    /// Imports a copy of the module in a runspace of its own, and checks that it is the one imported, with every cmdlet
    /// the manifest exports, the help of Connect-DbxWorkspace and the about topic. A process loads the module's dll once: the copy's
    /// cmdlets come from the DatabricksJobs.dll this test process loaded first (out/DatabricksJobs's, which other tests
    /// import), so this proves the copy's manifest, format file and help, not its dll.
    /// </summary>
    private void AssertImports(string manifestPath)
    {
        using var shell = new Shell(manifestPath);
        var module = (PSModuleInfo)shell.Run("Get-Module DatabricksJobs").Single("System.Management.Automation.PSModuleInfo").BaseObject;
        Assert.Equal(Path.GetDirectoryName(manifestPath), module.ModuleBase);
        Assert.Equal(pack.Version, module.Version.ToString());

        var commands = shell.Run("Get-Command -Module DatabricksJobs | ForEach-Object Name").AssertNoErrors().Output.Select(o => o.ToString());
        Assert.Equal(pack.Module.ExportedCmdlets.Keys.Order(), commands.Order());

        var synopsis = shell.Run("(Get-Help Connect-DbxWorkspace).Synopsis").AssertNoErrors().Output.Single().ToString();
        // Without its help file, Get-Help makes a synopsis of the syntax.
        Assert.DoesNotContain("Connect-DbxWorkspace", synopsis);
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        var about = shell.Run("Get-Help about_DatabricksJobs").AssertNoErrors().Output.Single().ToString();
        Assert.StartsWith("TOPIC", about);
    }

    private Dictionary<string, string> Metadata()
    {
        using var package = ZipFile.OpenRead(pack.NupkgPath);
        using var nuspec = package.GetEntry("DatabricksJobs.nuspec")!.Open();
        return XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata").Elements()
            .ToDictionary(e => e.Name.LocalName, e => e.Value);
    }

    /// <summary>What NuGet's pack adds to a package: the nuspec, and the Open Packaging Conventions' parts.</summary>
    private static bool IsNuGetPart(string entry) =>
        entry is "DatabricksJobs.nuspec" or "[Content_Types].xml" or "_rels/.rels"
        || (entry.StartsWith("package/services/metadata/core-properties/") && entry.EndsWith(".psmdcp"));
}
