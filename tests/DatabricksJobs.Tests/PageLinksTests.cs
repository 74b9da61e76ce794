using System.Reflection;
using System.Text;
using System.Text.Json;

namespace DatabricksJobs.Tests;

/// <summary>
/// PageLinks (internal to the engine the module loaded) against a reading of the whole page: over pages made at random
/// from a fixed seed (links before, after and between the items, given twice, with blanks, escapes and nested objects
/// around them), has_more and next_page_token are the last of each, as the typed read takes them. (Links of the wrong
/// type: PagingTests.)
/// </summary>
public class PageLinksTests(ModuleFixture module) : IClassFixture<ModuleFixture>
{
    private readonly Random _random = new(19);

    [Fact]
    public void The_links_read_from_either_end_are_those_of_the_whole_page()
    {
        using var shell = module.NewShell(connect: false);
        var engine = ((Type)shell.Run("[DatabricksJobs.Models.Job]").AssertNoErrors().Output.Single().BaseObject).Assembly;
        var read = engine.GetType("DatabricksJobs.Client.PageLinks", throwOnError: true)!.GetMethod("Read", BindingFlags.Public | BindingFlags.Static)!;

        var compared = 0;
        for (var n = 0; n < 20_000; n++)
        {
            var page = Encoding.UTF8.GetBytes(Page());
            if (LastLinks(page) is not var (hasMore, token)) continue;
            var links = new object?[] { page, null, null };
            read.Invoke(null, links);
            Assert.True((bool)links[1]! == hasMore && (string?)links[2] == token,
                $"{Encoding.UTF8.GetString(page)}: read ({links[1]}, {links[2]}), the page's last links ({hasMore}, {token})");
            compared++;
        }
        Assert.True(compared > 10_000, $"only {compared} pages compared");
    }

    /// <summary>
    /// The page's has_more and next_page_token, the last of each, read whole; null for a page PageLinks makes no promise
    /// of: a link of the wrong type (which the typed read refuses), or one given twice, once between two objects or arrays.
    /// </summary>
    private static (bool, string?)? LastLinks(byte[] page)
    {
        using var document = JsonDocument.Parse(page);
        var members = document.RootElement.EnumerateObject().ToList();
        bool Nested(int i) => members[i].Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array;
        var first = Enumerable.Range(0, members.Count).FirstOrDefault(Nested, members.Count);
        var last = Enumerable.Range(0, members.Count).LastOrDefault(Nested, -1);
        bool? hasMore = null;
        string? token = null;
        for (var i = 0; i < members.Count; i++)
        {
            var (name, value) = (members[i].Name, members[i].Value);
            if (name is not ("has_more" or "next_page_token")) continue;
            if (i > first && i < last && members.Count(m => m.Name == name) > 1) return null;
            if (name == "has_more" && value.ValueKind is JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null) hasMore = value.ValueKind == JsonValueKind.True;
            else if (name == "next_page_token" && value.ValueKind is JsonValueKind.String or JsonValueKind.Null) token = value.GetString();
            else return null;
        }
        return (hasMore ?? false, token);
    }

    private string Page()
    {
        var members = Enumerable.Range(0, _random.Next(4)).Select(_ => Member(1)).ToList();
        if (_random.Next(4) != 0) members.Insert(_random.Next(members.Count + 1), $"\"jobs\":{Blank()}[{string.Join(",", Enumerable.Range(0, _random.Next(3)).Select(_ => Object(1)))}]");
        if (_random.Next(2) == 0) members.Insert(_random.Next(members.Count + 1), $"\"has_more\":{Blank()}{(_random.Next(2) == 0 ? "true" : "false")}");
        if (_random.Next(2) == 0) members.Insert(_random.Next(members.Count + 1), $"\"next_page_token\":{Blank()}{(_random.Next(4) == 0 ? "null" : Text())}");
        return $"{Blank()}{{{Blank()}{string.Join($"{Blank()},{Blank()}", members)}{Blank()}}}{Blank()}";
    }

    private string Member(int depth) => $"{Name()}{Blank()}:{Blank()}{Value(depth)}";

    private string Object(int depth) => $"{{{Blank()}{string.Join($",{Blank()}", Enumerable.Range(0, _random.Next(4)).Select(_ => Member(depth)))}{Blank()}}}";

    private string Value(int depth) => depth < 3 && _random.Next(3) == 0
        ? _random.Next(2) == 0 ? $"[{string.Join($",{Blank()}", Enumerable.Range(0, _random.Next(3)).Select(_ => Value(depth + 1)))}]" : Object(depth + 1)
        : _random.Next(7) switch
        {
            0 => Text(),
            1 => "true",
            2 => "false",
            3 => "null",
            4 => _random.Next(2) == 0 ? $"-{_random.Next(1000)}.5e+3" : $"-{_random.Next(10)}E-2",
            5 => $"-{_random.Next(1000)}",
            _ => _random.Next(100).ToString(),
        };

    private string Name() => _random.Next(8) switch
    {
        0 => "\"has_more\"",
        1 => "\"next_page_token\"",
        2 => "\"has\\u005fmore\"",
        3 => "\"next_page\\u005ftoken\"",
        4 => "\"jobs\"",
        _ => Text(),
    };

    /// <summary>A JSON string of pieces that mislead a reader walking back: escaped quotes and backslashes, brackets, commas, colons.</summary>
    private string Text()
    {
        string[] pieces = ["a", "\\\"", "\\\\", "\\u005f", "}", "]", ",", ":", "\\n", "x y", "é", "\\ud83d\\ude00"];
        return "\"" + string.Concat(Enumerable.Range(0, _random.Next(5)).Select(_ => pieces[_random.Next(pieces.Length)])) + "\"";
    }

    private string Blank() => _random.Next(4) == 0 ? new[] { " ", "\n", "\t", "\r\n " }[_random.Next(4)] : "";
}
