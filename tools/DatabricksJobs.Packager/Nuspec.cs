using System.Xml.Linq;

namespace DatabricksJobs.Packager;

/// <summary>
/// The nuspec of a module's PowerShell Gallery package, with what PowerShellGet's Publish-Module writes there, all
/// taken from the manifest: the Gallery, Find-Module and Install-Module read the package's metadata, never the psd1.
/// </summary>
public static class Nuspec
{
    private static readonly XNamespace Ns = "http://schemas.microsoft.com/packaging/2011/08/nuspec.xsd";

    /// <summary>The PSData keys that become nuspec elements of the same meaning, when the manifest has them.</summary>
    private static readonly (string Key, string Element)[] OptionalElements =
        [("ReleaseNotes", "releaseNotes"), ("LicenseUri", "licenseUrl"), ("ProjectUri", "projectUrl"), ("IconUri", "iconUrl")];

    /// <summary>The nuspec; <paramref name="readme"/> is the package's readme, a Markdown file of the module's folder.</summary>
    public static XDocument For(ModuleManifest manifest, string? readme)
    {
        var version = manifest.PSDataText("Prerelease") is { } prerelease
            ? $"{manifest.Text("ModuleVersion")}-{prerelease.TrimStart('-')}"
            : manifest.Text("ModuleVersion");
        var metadata = new XElement(Ns + "metadata",
            new XElement(Ns + "id", manifest.Name),
            new XElement(Ns + "version", version),
            new XElement(Ns + "authors", manifest.Text("Author")),
            new XElement(Ns + "owners", manifest.Text("CompanyName")),
            new XElement(Ns + "description", manifest.Text("Description")),
            new XElement(Ns + "requireLicenseAcceptance", manifest.PSDataFlag("RequireLicenseAcceptance") ? "true" : "false"),
            new XElement(Ns + "copyright", manifest.Text("Copyright")),
            new XElement(Ns + "tags", string.Join(' ', Tags(manifest))),
            readme is null ? null : new XElement(Ns + "readme", readme),
            OptionalElements
                .Where(e => manifest.PSDataText(e.Key) is not null)
                .Select(e => new XElement(Ns + e.Element, manifest.PSDataText(e.Key))));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement(Ns + "package", metadata));
    }

    /// <summary>
    /// The manifest's own tags, and those the Gallery searches by: PSModule, an edition tag per compatible edition, and
    /// per exported cmdlet PSCmdlet_ and PSCommand_ (what Find-Module -Command and Find-Command look for).
    /// </summary>
    public static IEnumerable<string> Tags(ModuleManifest manifest)
    {
        var cmdlets = manifest.List("CmdletsToExport");
        if (cmdlets.Any(c => c.Contains('*')))
            throw new InvalidDataException($"{manifest.Path}: CmdletsToExport must name each cmdlet, for the Gallery's command tags.");
        IEnumerable<string> tags =
        [
            .. manifest.PSDataList("Tags"),
            "PSModule",
            .. manifest.List("CompatiblePSEditions").Select(edition => $"PSEdition_{edition}"),
            .. cmdlets.Count > 0 ? ["PSIncludes_Cmdlet"] : Array.Empty<string>(),
            .. cmdlets.SelectMany(cmdlet => new[] { $"PSCmdlet_{cmdlet}", $"PSCommand_{cmdlet}" }),
        ];
        return tags.Distinct(StringComparer.OrdinalIgnoreCase);
    }
}
