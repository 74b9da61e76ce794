using System.Management.Automation;
using System.Xml.Linq;

namespace DatabricksJobs.HelpGen;

/// <summary>Writes commands as a MAML help file, the format Get-Help reads for binary modules.</summary>
public static class Maml
{
    private static readonly XNamespace Msh = "http://msh";
    private static readonly XNamespace M = "http://schemas.microsoft.com/maml/2004/10";
    private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    public static void Write(IEnumerable<CommandModel> commands, string path)
    {
        var root = new XElement(Msh + "helpItems", new XAttribute("schema", "maml"), commands.Select(CommandElement));
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), root);
        using var writer = System.Xml.XmlWriter.Create(path, new System.Xml.XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) });
        document.Save(writer);
    }

    private static XElement CommandElement(CommandModel c) =>
        new(Command + "command",
            new XAttribute(XNamespace.Xmlns + "maml", M), new XAttribute(XNamespace.Xmlns + "command", Command), new XAttribute(XNamespace.Xmlns + "dev", Dev),
            new XElement(Command + "details",
                new XElement(Command + "name", c.Name),
                new XElement(Command + "verb", c.Verb),
                new XElement(Command + "noun", c.Noun),
                Description([c.Synopsis])),
            Description(c.Description),
            new XElement(Command + "syntax", c.Sets.Select(set => new XElement(Command + "syntaxItem",
                new XElement(M + "name", c.Name),
                c.Parameters.Where(p => p.InSet(set))
                    .OrderBy(p => p.UseIn(set).Position is var position && position >= 0 ? position : int.MaxValue)
                    .ThenBy(p => p.UseIn(set).Mandatory ? 0 : 1)
                    .Select(p => Parameter(p, p.UseIn(set)))))),
            new XElement(Command + "parameters", c.Parameters.Select(p => Parameter(p, p.Uses.OrderByDescending(u => u.Mandatory).First()))),
            new XElement(Command + "inputTypes", c.Parameters.Where(p => p.PipelineInput != "False").Select(p =>
                new XElement(Command + "inputType",
                    new XElement(Dev + "type", new XElement(M + "name", p.TypeName)),
                    Description([p.Uses.Any(u => u.ByValue)
                        ? $"{p.TypeName} values for -{p.Name}, or objects with a {p.Name} property."
                        : $"Objects with a {p.Name} property (or an alias: {string.Join(", ", p.Aliases.DefaultIfEmpty(p.Name))}) for -{p.Name}."])))),
            new XElement(Command + "returnValues", c.OutputTypes.Select(t =>
                new XElement(Command + "returnValue", new XElement(Dev + "type", new XElement(M + "name", t)), Description([])))),
            new XElement(Command + "examples", c.Examples.Select(e =>
                new XElement(Command + "example",
                    new XElement(M + "title", $"-------------------------- {e.Title} --------------------------"),
                    new XElement(Dev + "code", e.Code),
                    new XElement(Dev + "remarks", e.Remarks.Select(r => new XElement(M + "para", r)))))),
            // Get-Help -Online opens the first link with a URI.
            new XElement(M + "relatedLinks", c.SeeAlso.Concat(c.AboutTopics.Select(topic => new RelatedLink(topic, null))).Select(link =>
                new XElement(M + "navigationLink", new XElement(M + "linkText", link.Text), new XElement(M + "uri", link.Uri ?? "")))));

    private static XElement Parameter(ParameterModel p, ParameterUse use) =>
        new(Command + "parameter",
            new XAttribute("required", use.Mandatory ? "true" : "false"),
            new XAttribute("variableLength", p.TypeName.EndsWith("[]", StringComparison.Ordinal) ? "true" : "false"),
            new XAttribute("globbing", p.Wildcards ? "true" : "false"),
            new XAttribute("pipelineInput", p.PipelineInput),
            new XAttribute("position", use.Position >= 0 ? (use.Position + 1).ToString() : "named"),
            new XAttribute("aliases", p.Aliases.Count == 0 ? "none" : string.Join(", ", p.Aliases)),
            new XElement(M + "name", p.Name),
            Description(p.ValidValues.Count == 0 ? p.Description : [.. p.Description, $"Valid values: {string.Join(", ", p.ValidValues)}."]),
            p.ValidValues.Count > 0
                ? new XElement(Command + "parameterValueGroup", p.ValidValues.Select(v => new XElement(Command + "parameterValue", new XAttribute("required", "false"), new XAttribute("variableLength", "false"), v)))
                : null,
            p.IsSwitch ? null : new XElement(Command + "parameterValue", new XAttribute("required", "true"), new XAttribute("variableLength", "false"), p.TypeName),
            new XElement(Dev + "type", new XElement(M + "name", p.TypeName)),
            new XElement(Dev + "defaultValue", p.DefaultValue ?? "None"));

    private static XElement Description(IEnumerable<string> paragraphs) =>
        new(M + "description", paragraphs.Select(p => new XElement(M + "para", p)));
}
