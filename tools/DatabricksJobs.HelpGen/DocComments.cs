using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DatabricksJobs.HelpGen;

/// <summary>The compiler's XML documentation file, read as plain text a help page can show.</summary>
public sealed partial class DocComments
{
    private readonly Dictionary<string, XElement> _members;

    private DocComments(Dictionary<string, XElement> members) => _members = members;

    public static DocComments Load(string path) => new(
        XDocument.Load(path).Descendants("member")
            .Where(m => m.Attribute("name") is not null)
            .ToDictionary(m => m.Attribute("name")!.Value, m => m));

    public XElement? Type(Type type) => _members.GetValueOrDefault(TypeId(type));

    /// <summary>How the compiler names a type, in a member's name and in a cref.</summary>
    public static string TypeId(Type type) => "T:" + type.FullName;

    public XElement? Property(System.Reflection.PropertyInfo property) =>
        _members.GetValueOrDefault($"P:{property.DeclaringType!.FullName}.{property.Name}");

    /// <summary>The paragraphs of an element: &lt;para&gt; children, or its whole text; whitespace collapsed.</summary>
    public static List<string> Paragraphs(XElement? element)
    {
        if (element is null) return [];
        var paragraphs = element.Elements("para").Any()
            ? element.Elements("para").Select(Text)
            : [Text(element)];
        return paragraphs.Where(p => p.Length > 0).ToList();
    }

    /// <summary>The text of an element, with &lt;c&gt;, &lt;see cref&gt; and &lt;paramref&gt; as plain words.</summary>
    public static string Text(XElement element)
    {
        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" } see => see.Attribute("cref")?.Value.Split('.', ':').Last() ?? see.Attribute("langword")?.Value ?? see.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } p => p.Attribute("name")?.Value,
                XElement { Name.LocalName: "para" } => "",
                XElement e => Text(e),
                _ => "",
            });
        }
        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    /// <summary>Code as written: lines kept, the indentation the comment added removed.</summary>
    public static string Code(XElement code)
    {
        var lines = code.Value.Replace("\r\n", "\n").Split('\n').ToList();
        while (lines.Count > 0 && lines[0].Trim().Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
