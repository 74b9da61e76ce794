using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace DatabricksJobs.Internal
{
    internal static class Conversions
    {
        /// <summary>
        /// A hashtable of parameters as the API's string map; values become text, as PowerShell users pass numbers too.
        /// <paramref name="what"/> names the parameter in errors.
        /// </summary>
        public static Dictionary<string, string>? ToStringMap(IDictionary? table, string what)
        {
            if (table is null) return null;
            var map = new Dictionary<string, string>();
            foreach (DictionaryEntry entry in table)
            {
                var key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!;
                map[key] = ToText(entry.Value, what, key);
            }
            return map;
        }

        /// <summary>
        /// One value of a parameter map (map&lt;string, string&gt; in the API) as its text. A hashtable, object or list
        /// is an error rather than its type's name (System.Collections.Hashtable): the API documents no JSON in these
        /// maps, and which text is meant (JSON? items joined how?) is the user's to say.
        /// </summary>
        public static string ToText(object? value, string what, string key)
        {
            if (NotText(value) is string kind)
                throw new InputException(
                    $"{what} '{key}' is {kind}, but the Jobs API takes only text there: give a string, such as its JSON (ConvertTo-Json -Compress).",
                    "ParameterValueNotText");
            return (value is PSObject ps ? ps.BaseObject : value) switch
            {
                null => "",
                bool b => b ? "true" : "false",
                var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
            };
        }

        /// <summary>What a value that is no text is (a hashtable, an object, a list); null for text, a number and the like.</summary>
        public static string? NotText(object? value) => (value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value) switch
        {
            string => null,
            PSObject => "an object",
            IDictionary => "a hashtable",
            IEnumerable => "a list",
            _ => null,
        };

        public static List<string>? ToList(string[]? items) => items is null ? null : new List<string>(items);
    }
}
