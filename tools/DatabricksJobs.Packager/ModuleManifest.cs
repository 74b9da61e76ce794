using System.Collections;
using System.Management.Automation.Language;

namespace DatabricksJobs.Packager;

/// <summary>
/// A module manifest (.psd1) read as Import-PowerShellDataFile reads it: parsed, and its hashtable's constant values
/// taken, never run.
/// </summary>
public sealed class ModuleManifest
{
    /// <summary>The manifest's keys whose values are files of the module, which must ship with it.</summary>
    private static readonly string[] FileKeys = ["RootModule", "FormatsToProcess", "TypesToProcess", "NestedModules", "RequiredAssemblies", "FileList"];

    private readonly Hashtable _values;
    private readonly Hashtable _psData;

    private ModuleManifest(string path, Hashtable values)
    {
        Path = path;
        _values = values;
        _psData = (values["PrivateData"] as Hashtable)?["PSData"] as Hashtable ?? [];
    }

    public string Path { get; }

    /// <summary>The module's name: PowerShell names a module after its manifest.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    public static ModuleManifest Read(string path)
    {
        var ast = Parser.ParseFile(path, out _, out var errors);
        if (errors.Length > 0) throw new InvalidDataException($"{path} does not parse: {errors[0].Message}");
        var table = ast.Find(node => node is HashtableAst, searchNestedScriptBlocks: false) as HashtableAst
            ?? throw new InvalidDataException($"{path} holds no hashtable.");
        return new ModuleManifest(path, (Hashtable)table.SafeGetValue());
    }

    /// <summary>A key that must hold text, such as ModuleVersion.</summary>
    public string Text(string key) => _values[key] as string ?? throw new InvalidDataException($"{Path} has no {key}.");

    /// <summary>A key of PrivateData.PSData (such as ProjectUri), or null.</summary>
    public string? PSDataText(string key) => _psData[key] as string;

    public bool PSDataFlag(string key) => _psData[key] is true;

    /// <summary>A key that holds a list, or one item, such as CmdletsToExport; empty when the manifest lacks it.</summary>
    public IReadOnlyList<string> List(string key) => Strings(_values[key], key);

    public IReadOnlyList<string> PSDataList(string key) => Strings(_psData[key], key);

    /// <summary>Every file the manifest names, relative to the module's folder.</summary>
    public IEnumerable<string> NamedFiles() => FileKeys.SelectMany(List);

    private List<string> Strings(object? value, string key) => value switch
    {
        null => [],
        object[] items => items.Select(item => item as string ?? throw new InvalidDataException($"{Path}: {key} holds {item}, not text.")).ToList(),
        string item => [item],
        _ => throw new InvalidDataException($"{Path}: {key} holds {value}, not text."),
    };
}
