using System.Collections;
using System.Management.Automation;
using System.Reflection;
using System.Xml.Linq;

namespace DatabricksJobs.HelpGen;

public sealed record Example(string Title, string Code, List<string> Remarks);

/// <summary>A related link: another cmdlet or an about topic (no URI), or a web page (the first is the online help).</summary>
public sealed record RelatedLink(string Text, string? Uri);

/// <summary>One parameter set's view of a parameter.</summary>
public sealed record ParameterUse(string Set, bool Mandatory, int Position, bool ByValue, bool ByPropertyName);

public sealed record ParameterModel(
    string Name, string TypeName, bool IsSwitch, List<string> Description, List<ParameterUse> Uses, List<string> Aliases,
    List<string> ValidValues, bool Wildcards, string? DefaultValue)
{
    public bool InSet(string set) => Uses.Any(u => u.Set == set || u.Set == ParameterAttribute.AllParameterSets);

    public ParameterUse UseIn(string set) => Uses.FirstOrDefault(u => u.Set == set) ?? Uses.First(u => u.Set == ParameterAttribute.AllParameterSets);

    public string PipelineInput
    {
        get
        {
            var kinds = new List<string>();
            if (Uses.Any(u => u.ByValue)) kinds.Add("ByValue");
            if (Uses.Any(u => u.ByPropertyName)) kinds.Add("ByPropertyName");
            return kinds.Count == 0 ? "False" : $"True ({string.Join(", ", kinds)})";
        }
    }
}

/// <summary>
/// What the help of one cmdlet says, read off its type (attributes) and its doc comments. SeeAlso are its own
/// &lt;seealso&gt; links, in the order written; BadLinks what is wrong with the others; AboutTopics the module's.
/// </summary>
public sealed record CommandModel(
    string Verb, string Noun, string Synopsis, List<string> Description, List<ParameterModel> Parameters, List<string> Sets,
    List<Example> Examples, List<string> OutputTypes, List<RelatedLink> SeeAlso, List<string> BadLinks, List<string> AboutTopics)
{
    public string Name => $"{Verb}-{Noun}";

    private static readonly (string Name, string Text)[] ShouldProcessParameters =
    [
        ("WhatIf", "Shows what would happen if the cmdlet runs. The cmdlet is not run."),
        ("Confirm", "Prompts you for confirmation before running the cmdlet."),
    ];

    /// <summary>The module's cmdlets, each linking to the about topics given as well as to what its doc comments name.</summary>
    public static List<CommandModel> Read(Assembly module, DocComments docs, List<string> aboutTopics)
    {
        var types = module.GetExportedTypes().Where(t => !t.IsAbstract && t.GetCustomAttribute<CmdletAttribute>() is not null).ToList();
        var cmdlets = types.ToDictionary(DocComments.TypeId, CmdletName);
        return types.Select(t => Read(t, docs, cmdlets, aboutTopics))
            .OrderBy(c => c.Noun, StringComparer.Ordinal).ThenBy(c => c.Verb, StringComparer.Ordinal)
            .ToList();
    }

    private static string CmdletName(Type type)
    {
        var cmdlet = type.GetCustomAttribute<CmdletAttribute>()!;
        return $"{cmdlet.VerbName}-{cmdlet.NounName}";
    }

    private static CommandModel Read(Type type, DocComments docs, Dictionary<string, string> cmdlets, List<string> aboutTopics)
    {
        var cmdlet = type.GetCustomAttribute<CmdletAttribute>()!;
        var doc = docs.Type(type);
        var defaults = Activator.CreateInstance(type);
        var parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttributes<ParameterAttribute>().Any())
            .Select(p => ReadParameter(p, docs, defaults))
            .ToList();
        if (cmdlet.SupportsShouldProcess)
        {
            parameters.AddRange(ShouldProcessParameters.Select(p => new ParameterModel(p.Name, "SwitchParameter", true, [p.Text],
                [new ParameterUse(ParameterAttribute.AllParameterSets, false, int.MinValue, false, false)], p.Name == "WhatIf" ? ["wi"] : ["cf"], [], false, "False")));
        }

        var named = parameters.SelectMany(p => p.Uses).Select(u => u.Set).Where(s => s != ParameterAttribute.AllParameterSets).Distinct().ToList();
        var defaultSet = cmdlet.DefaultParameterSetName;
        var sets = named.Count == 0
            ? [ParameterAttribute.AllParameterSets]
            : named.OrderBy(s => s == defaultSet ? 0 : 1).ToList();

        var examples = (doc?.Elements("example") ?? []).Select((e, i) => new Example(
            $"Example {i + 1}: {e.Attribute("title")?.Value ?? ""}".TrimEnd(':', ' '),
            e.Element("code") is { } code ? DocComments.Code(code) : "",
            DocComments.Paragraphs(new XElement("remarks", e.Nodes().Where(n => n is not XElement { Name.LocalName: "code" }))))).ToList();

        var outputs = type.GetCustomAttributes<OutputTypeAttribute>().SelectMany(o => o.Type).Select(t => t.Type?.FullName ?? t.Name)
            .Where(n => n is not null && n != typeof(void).FullName).Select(n => n!).Distinct().ToList();

        var (seeAlso, badLinks) = ReadLinks(doc, cmdlets, CmdletName(type));
        return new CommandModel(cmdlet.VerbName, cmdlet.NounName, doc?.Element("summary") is { } s ? DocComments.Text(s) : "",
            DocComments.Paragraphs(doc?.Element("remarks")), parameters, sets, examples, outputs, seeAlso, badLinks, aboutTopics);
    }

    /// <summary>
    /// The &lt;seealso&gt; links: cref names another cmdlet's class (the compiler checks it resolves), href a web page
    /// (http or https, as Get-Help -Online opens nothing else), with the element's text as the link's.
    /// </summary>
    private static (List<RelatedLink> Links, List<string> Problems) ReadLinks(XElement? doc, Dictionary<string, string> cmdlets, string name)
    {
        var links = new List<RelatedLink>();
        var problems = new List<string>();
        foreach (var seeAlso in doc?.Elements("seealso") ?? [])
        {
            if (seeAlso.Attribute("cref")?.Value is { } cref)
            {
                if (cmdlets.TryGetValue(cref, out var other) && other != name) links.Add(new RelatedLink(other, null));
                else problems.Add($"{name}: <seealso cref=\"{cref}\"/> names no other cmdlet.");
            }
            else if (seeAlso.Attribute("href")?.Value is { } href)
            {
                if (Uri.TryCreate(href, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http") links.Add(new RelatedLink(DocComments.Text(seeAlso), href));
                else problems.Add($"{name}: <seealso href=\"{href}\"> is no http or https address.");
            }
            else
            {
                problems.Add($"{name}: a <seealso> has neither cref nor href.");
            }
        }
        return (links, problems);
    }

    private static ParameterModel ReadParameter(PropertyInfo property, DocComments docs, object? defaults)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var uses = property.GetCustomAttributes<ParameterAttribute>()
            .Select(a => new ParameterUse(a.ParameterSetName, a.Mandatory, a.Position, a.ValueFromPipeline, a.ValueFromPipelineByPropertyName))
            .ToList();
        var aliases = property.GetCustomAttributes<AliasAttribute>().SelectMany(a => a.AliasNames).ToList();
        var validValues = property.GetCustomAttribute<ValidateSetAttribute>()?.ValidValues.ToList() ?? [];
        var value = defaults is null || uses.All(u => u.Mandatory) ? null : property.GetValue(defaults);
        var defaultValue = value switch
        {
            null => null,
            SwitchParameter s => s.IsPresent ? "True" : "False",
            string text => text,
            IEnumerable => null,
            _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
        };
        return new ParameterModel(property.Name, FriendlyName(type), type == typeof(SwitchParameter), DocComments.Paragraphs(docs.Property(property)?.Element("summary")),
            uses, aliases, validValues, property.GetCustomAttribute<SupportsWildcardsAttribute>() is not null, defaultValue);
    }

    private static string FriendlyName(Type type) =>
        type.IsArray ? FriendlyName(type.GetElementType()!) + "[]" : type.Name;

    /// <summary>
    /// What the help lacks: each cmdlet needs a synopsis, a description, two examples with code, every parameter a
    /// description, and related links: another cmdlet at least, and a web page (its online help).
    /// </summary>
    public IEnumerable<string> Problems()
    {
        if (Synopsis.Length == 0) yield return $"{Name} has no <summary> (its synopsis).";
        if (Description.Count == 0) yield return $"{Name} has no <remarks> (its description).";
        if (Examples.Count < 2) yield return $"{Name} has {Examples.Count} <example> elements; it needs at least two.";
        foreach (var example in Examples.Where(e => e.Code.Length == 0)) yield return $"{Name}: '{example.Title}' has no <code>.";
        foreach (var parameter in Parameters.Where(p => p.Description.Count == 0)) yield return $"{Name} -{parameter.Name} has no <summary>.";
        foreach (var problem in BadLinks) yield return problem;
        if (!SeeAlso.Any(l => l.Uri is null)) yield return $"{Name} has no <seealso cref=\"...\"/> naming a cmdlet to go to next.";
        if (!SeeAlso.Any(l => l.Uri is not null)) yield return $"{Name} has no <seealso href=\"https://...\"> (its online help).";
    }
}
