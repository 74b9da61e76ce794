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
            value = value is PSObject ps && ps.BaseObject is not PSCustomObject ? ps.BaseObject : value;
            switch (value)
            {
                case null:
                    return "";
                case bool b:
                    return b ? "true" : "false";
                case string s:
                    return s;
                case IDictionary or IEnumerable or PSObject:
                    var kind = value is PSObject ? "an object" : value is IDictionary ? "a hashtable" : "a list";
                    throw new InputException(
                        $"{what} '{key}' is {kind}, but the Jobs API takes only text there: give a string, such as its JSON (ConvertTo-Json -Compress).",
                        "ParameterValueNotText");
                default:
                    return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            }
        }

        public static List<string>? ToList(string[]? items) => items is null ? null : new List<string>(items);
    }
}
