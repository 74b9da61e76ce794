using System;
using System.Collections;
using System.Globalization;
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
        public static JsonNode? ToNode(object? value)
        {
            switch (value)
            {
                case null:
                    return null;
                case PSObject ps when ps.BaseObject is PSCustomObject:
                    var custom = new JsonObject();
                    foreach (var property in ps.Properties) custom[property.Name] = ToNode(property.Value);
                    return custom;
                case PSObject ps:
                    return ToNode(ps.BaseObject);
                case JsonNode node:
                    return node.DeepClone();
                case JsonElement element:
                    return JsonNode.Parse(element.GetRawText());
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
                    return JsonValue.Create(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                case ulong or float or double or decimal:
                    return JsonValue.Create(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                case IDictionary dictionary:
                    var obj = new JsonObject();
                    foreach (DictionaryEntry entry in dictionary) obj[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = ToNode(entry.Value);
                    return obj;
                case IEnumerable items:
                    var array = new JsonArray();
                    foreach (var item in items) array.Add(ToNode(item));
                    return array;
            }
            var type = DatabricksJsonContext.Default.GetTypeInfo(value.GetType());
            if (type is not null) return JsonSerializer.SerializeToNode(value, type);
            throw new ArgumentException($"A value of type {value.GetType().FullName} cannot be sent to the Jobs API; use a hashtable, a string or a number.");
        }

        /// <summary>An object of settings; anything else is a clear error.</summary>
        public static JsonObject ToObject(object? value, string what) =>
            ToNode(value) as JsonObject ?? throw new ArgumentException($"{what} must be a hashtable or an object, not {value?.GetType().Name ?? "null"}.");

        /// <summary>A job's settings in the API's JSON, as text a person reads and the API takes back unchanged.</summary>
        public static string Indented(JobSettings settings) =>
            JsonSerializer.SerializeToNode(settings, DatabricksJsonContext.Default.JobSettings)!
                .ToJsonString(new JsonSerializerOptions(DatabricksJsonContext.Default.Options) { WriteIndented = true });
    }
}
