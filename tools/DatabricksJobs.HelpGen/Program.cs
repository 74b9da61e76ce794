using System.Reflection;
using System.Runtime.Loader;
using DatabricksJobs.HelpGen;

// Usage: DatabricksJobs.HelpGen <module dll> <xml documentation file> <output MAML file>
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: DatabricksJobs.HelpGen <module.dll> <module.xml> <output-Help.xml>");
    return 2;
}
var (modulePath, docPath, outputPath) = (Path.GetFullPath(args[0]), Path.GetFullPath(args[1]), Path.GetFullPath(args[2]));
var folder = Path.GetDirectoryName(modulePath)!;
// The module's engine and dependencies load from its dependencies/ folder; PowerShell from this tool's.
AssemblyLoadContext.Default.Resolving += (context, name) =>
{
    var candidate = Path.Combine(folder, "dependencies", name.Name + ".dll");
    return File.Exists(candidate) ? context.LoadFromAssemblyPath(candidate) : null;
};
var module = AssemblyLoadContext.Default.LoadFromAssemblyPath(modulePath);
var docs = DocComments.Load(docPath);
// The module's about topics sit beside its MAML file; every cmdlet's help links to them.
var helpFolder = Path.GetDirectoryName(outputPath)!;
var aboutTopics = Directory.Exists(helpFolder)
    ? Directory.GetFiles(helpFolder, "about_*.help.txt").Select(file => Path.GetFileName(file)[..^".help.txt".Length]).Order(StringComparer.Ordinal).ToList()
    : [];
var commands = CommandModel.Read(module, docs, aboutTopics);

var problems = commands.SelectMany(c => c.Problems()).ToList();
if (problems.Count > 0)
{
    // MSBuild shows lines of this shape as errors.
    foreach (var problem in problems) Console.Error.WriteLine($"{docPath}: error DBXHELP: {problem}");
    return 1;
}
Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
Maml.Write(commands, outputPath);
Console.WriteLine($"Help for {commands.Count} cmdlets written to {outputPath}");
return 0;
