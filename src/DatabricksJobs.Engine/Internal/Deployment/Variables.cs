using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DatabricksJobs.Internal.Deployment
{
    /// <summary>
    /// The variables of a deployment's definitions: ${var.NAME} in any string value, whole or in part, filled from -Variable
    /// (names in any case), else from the environment variable DBX_VAR_NAME, as the Databricks CLI's bundles read
    /// BUNDLE_VAR_NAME. Other ${...} texts, and Databricks' own {{job.id}} references, are left as they are.
    /// </summary>
    internal sealed class Variables
    {
        private static readonly Regex Reference = new Regex(@"\$\{var\.([A-Za-z_][A-Za-z0-9_-]*)\}", RegexOptions.CultureInvariant);

        private readonly Dictionary<string, string> _given = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The values given as -Variable: any value, as text in the invariant culture.</summary>
        public Variables(IDictionary? given)
        {
            foreach (DictionaryEntry entry in given ?? new Hashtable())
            {
                var value = entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
                _given[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            }
        }

        /// <summary>The -Variable names no definition used, in the order given.</summary>
        public IEnumerable<string> Unused => _given.Keys.Where(name => !_used.Contains(name));

        /// <summary>
        /// Fills every reference in <paramref name="settings"/>; a variable with no value is an error naming
        /// <paramref name="file"/>, the variable and where it is used, and then nothing of the definition is filled.
        /// </summary>
        public void Fill(JsonObject settings, string file)
        {
            var missing = new List<(string Name, string Path)>();
            Fill(settings, "", missing);
            if (missing.Count > 0)
                throw new InputException($"'{file}' uses {string.Join(", ", missing.Select(m => $"${{var.{m.Name}}} (at {m.Path})"))}, which " +
                    $"{(missing.Count == 1 ? "has" : "have")} no value: give -Variable @{{ {missing[0].Name} = ... }} or set the environment variable DBX_VAR_{missing[0].Name}.",
                    "UnknownVariable", ErrorCategory.InvalidData, file);
        }

        private void Fill(JsonNode? node, string path, List<(string, string)> missing)
        {
            switch (node)
            {
                case JsonObject obj:
                    foreach (var entry in obj.ToList())
                    {
                        if (entry.Value is JsonValue value && value.TryGetValue<string>(out var text)) obj[entry.Key] = Filled(text, Paths.Child(path, entry.Key), missing);
                        else Fill(entry.Value, Paths.Child(path, entry.Key), missing);
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is JsonValue value && value.TryGetValue<string>(out var text)) array[i] = Filled(text, $"{path}[{i}]", missing);
                        else Fill(array[i], $"{path}[{i}]", missing);
                    }
                    break;
            }
        }

        private string Filled(string text, string path, List<(string, string)> missing) => Reference.Replace(text, match =>
        {
            var name = match.Groups[1].Value;
            _used.Add(name);
            if (_given.TryGetValue(name, out var value)) return value;
            if (Environment.GetEnvironmentVariable("DBX_VAR_" + name) is string fromEnvironment) return fromEnvironment;
            missing.Add((name, path));
            return match.Value;
        });
    }
}
