using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace DatabricksJobs.Internal
{
    internal static class Conversions
    {
        /// <summary>A hashtable of parameters as the API's string map; values become text, as PowerShell users pass numbers too.</summary>
        public static Dictionary<string, string>? ToStringMap(IDictionary? table)
        {
            if (table is null) return null;
            var map = new Dictionary<string, string>();
            foreach (DictionaryEntry entry in table)
            {
                var value = entry.Value is PSObject ps ? ps.BaseObject : entry.Value;
                map[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = value switch
                {
                    null => "",
                    bool b => b ? "true" : "false",
                    _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
                };
            }
            return map;
        }

        public static List<string>? ToList(string[]? items) => items is null ? null : new List<string>(items);
    }
}
