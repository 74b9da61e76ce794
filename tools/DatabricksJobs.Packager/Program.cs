using System.IO.Compression;
using System.Xml;
using DatabricksJobs.Packager;

// Usage: DatabricksJobs.Packager <module manifest> <nuspec to write> <zip to write>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: DatabricksJobs.Packager <Module.psd1> <Module.nuspec> <Module.zip>");
    return 2;
}
var (manifestPath, nuspecPath, zipPath) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]), Path.GetFullPath(args[2]));
var manifest = ModuleManifest.Read(manifestPath);
// The package's readme, which nuget.org shows; it installs with the module, as every file of the folder does.
const string Readme = "README.md";
var moduleFolder = Path.GetDirectoryName(manifestPath)!;

var missing = manifest.NamedFiles().Where(file => !File.Exists(Path.Combine(moduleFolder, file))).ToList();
if (missing.Count > 0)
{
    // MSBuild shows lines of this shape as errors.
    foreach (var file in missing) Console.Error.WriteLine($"{manifestPath}: error DBXPACK: the manifest names {file}, which is not in {moduleFolder}.");
    return 1;
}

Directory.CreateDirectory(Path.GetDirectoryName(nuspecPath)!);
using (var writer = XmlWriter.Create(nuspecPath, new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) }))
    Nuspec.For(manifest, File.Exists(Path.Combine(moduleFolder, Readme)) ? Readme : null).Save(writer);
Console.WriteLine($"{manifest.Name} nuspec written to {nuspecPath}");

// Azure Automation imports a zip whose one folder is the module's, named after it as PowerShell wants.
Directory.CreateDirectory(Path.GetDirectoryName(zipPath)!);
File.Delete(zipPath);
ZipFile.CreateFromDirectory(moduleFolder, zipPath, CompressionLevel.Optimal, includeBaseDirectory: true);
Console.WriteLine($"{manifest.Name} -> {zipPath}");
return 0;
