using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using DatabricksJobs.Models;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// Turns what a PowerShell user passes (hashtables, custom objects, arrays, the module's own objects, JSON text)
    /// into the API's JSON. Keys are the API's own field names (task_key, notebook_task, ...).
    /// </summary>
    internal static class PowerShellJson
    {
        /// <summary>The deepest the Jobs API's JSON nests: System.Text.Json's limit, which the client and the service keep.</summary>
        public const int MaxDepth = 64;

        /// <summary>
        /// <paramref name="value"/> as JSON; <paramref name="what"/> names it in errors, and <paramref name="level"/> is
        /// how deep in the API's JSON it sits (1: it is the request). A value that contains itself, or would nest deeper
        /// than <see cref="MaxDepth"/>, is an error before anything is sent, not a stack overflow that ends PowerShell.
        /// </summary>
        public static JsonNode? ToNode(object? value, string what, int level = 1) => new Converter(what, level).Convert(value, what, level);

        /// <summary>An object of settings; anything else is a clear error.</summary>
        public static JsonObject ToObject(object? value, string what, int level = 1) =>
            ToNode(value, what, level) as JsonObject ?? throw new ArgumentException($"{what} must be a hashtable or an object, not {value?.GetType().Name ?? "null"}.");

        /// <summary>
        /// <paramref name="node"/>, read from a file, when it fits in the API's JSON at <paramref name="level"/>; else the
        /// same error a PowerShell value that deep gets, naming <paramref name="target"/>.
        /// </summary>
        public static JsonNode? Fits(JsonNode? node, string what, int level, object target) => Fits(node, what, what, level, level, target);

        /// <summary>A job's settings in the API's JSON, as text a person reads and the API takes back unchanged.</summary>
        public static string Indented(JobSettings settings) =>
            JsonSerializer.SerializeToNode(settings, DatabricksJsonContext.Default.JobSettings)!
                .ToJsonString(new JsonSerializerOptions(DatabricksJsonContext.Default.Options) { WriteIndented = true });

        /// <summary>How many objects and arrays deep <paramref name="node"/> nests (a text or number: 0).</summary>
        private static int Depth(JsonNode? node) => node switch
        {
            JsonObject obj => 1 + obj.Select(p => Depth(p.Value)).DefaultIfEmpty(0).Max(),
            JsonArray array => 1 + array.Select(Depth).DefaultIfEmpty(0).Max(),
            _ => 0,
        };

        /// <summary><paramref name="node"/>, when it fits at <paramref name="level"/> of the API's JSON, in which <paramref name="what"/> starts at <paramref name="start"/>.</summary>
        private static JsonNode? Fits(JsonNode? node, string what, string path, int start, int level, object? target = null)
        {
            if (level - 1 + Depth(node) > MaxDepth) throw TooDeep(what, path, start, target);
            return node;
        }

        private static InputException TooDeep(string what, string path, int start, object? target = null)
        {
            var at = path == what ? "" : $" (at {Shortened(path)})";
            var limit = start == 1
                ? $"the Jobs API takes JSON at most {MaxDepth} levels deep"
                : $"it may nest at most {MaxDepth - start + 1} levels, as the Jobs API's JSON nests at most {MaxDepth} and holds it {start - 1} level{(start == 2 ? "" : "s")} down";
            return new InputException($"{what} is nested too deeply{at}: {limit}.", "ValueNestedTooDeeply", target: target);
        }

        private static string Shortened(string path) => path.Length <= 80 ? path : path.Substring(0, 80) + "…";

        /// <summary>One conversion: the objects and arrays open on the way down, to know a value that contains itself.</summary>
        private sealed class Converter
        {
            private readonly string _what;
            private readonly int _start;
            private readonly List<object> _open = new List<object>();

            public Converter(string what, int start)
            {
                _what = what;
                _start = start;
            }

            public JsonNode? Convert(object? value, string path, int level)
            {
                switch (value)
                {
                    case null:
                        return null;
                    // Every custom object has the same base object: the PSObject is the one that can contain itself.
                    case PSObject ps when ps.BaseObject is PSCustomObject:
                        return Container(ps, path, level, () =>
                        {
                            var custom = new JsonObject();
                            foreach (var property in ps.Properties) custom[property.Name] = Convert(property.Value, $"{path}.{property.Name}", level + 1);
                            return custom;
                        });
                    case PSObject ps:
                        return Convert(ps.BaseObject, path, level);
                    case JsonNode node:
                        return Fits(node.DeepClone(), path, level);
                    case JsonElement element:
                        return Fits(JsonNode.Parse(element.GetRawText()), path, level);
                    case string s:
                        return JsonValue.Create(s);
                    case char c:
                        return JsonValue.Create(c.ToString());
                    case bool b:
                        return JsonValue.Create(b);
                    case Enum e:
                        return JsonValue.Create(e.ToString());
                    case DateTime time:
                        return JsonValue.Create(time.ToString("o", CultureInfo.InvariantCulture));
                    case sbyte or byte or short or ushort or int or uint or long:
                        return JsonValue.Create(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    case ulong or float or double or decimal:
                        return JsonValue.Create(System.Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                    case IDictionary dictionary:
                        return Container(dictionary, path, level, () =>
                        {
                            var obj = new JsonObject();
                            foreach (DictionaryEntry entry in dictionary)
                            {
                                var key = System.Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!;
                                obj[key] = Convert(entry.Value, $"{path}.{key}", level + 1);
                            }
                            return obj;
                        });
                    case IEnumerable items:
                        return Container(items, path, level, () =>
                        {
                            var array = new JsonArray();
                            foreach (var item in items) array.Add(Convert(item, $"{path}[{array.Count}]", level + 1));
                            return array;
                        });
                }
                var type = DatabricksJsonContext.Default.GetTypeInfo(value.GetType());
                if (type is not null) return Fits(JsonSerializer.SerializeToNode(value, type), path, level);
                throw new ArgumentException($"A value of type {value.GetType().FullName} cannot be sent to the Jobs API; use a hashtable, a string or a number.");
            }

            private JsonNode? Fits(JsonNode? node, string path, int level) => PowerShellJson.Fits(node, _what, path, _start, level);

            private JsonNode Container(object container, string path, int level, Func<JsonNode> convert)
            {
                if (level > MaxDepth) throw TooDeep(_what, path, _start);
                if (_open.Any(open => ReferenceEquals(open, container)))
                    throw new InputException($"{_what} contains itself (at {Shortened(path)}), and a value that contains itself cannot be sent as JSON.",
                        "ValueContainsItself");
                _open.Add(container);
                try
                {
                    return convert();
                }
                finally
                {
                    _open.RemoveAt(_open.Count - 1);
                }
            }
        }
    }
}
