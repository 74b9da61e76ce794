using System.Collections;
using System.IO;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>Reading job settings from a JSON file, shared by the cmdlets that take -Path.</summary>
    internal static class JobSettingsFile
    {
        /// <summary>The settings in a file, as the API takes them; a clear error when the file is not a JSON object.</summary>
        public static JsonObject Read(PSCmdlet cmdlet, string path)
        {
            var fullPath = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            string text;
            try
            {
                text = File.ReadAllText(fullPath);
            }
            catch (IOException e)
            {
                throw new System.ArgumentException($"Cannot read '{fullPath}': {e.Message}", e);
            }
            try
            {
                return JsonNode.Parse(text) as JsonObject ?? throw new System.ArgumentException($"'{fullPath}' does not hold a JSON object of job settings.");
            }
            catch (JsonException e)
            {
                throw new System.ArgumentException($"'{fullPath}' is not valid JSON: {e.Message}", e);
            }
        }

        /// <summary>Settings from -Settings: a hashtable or object with the API's field names.</summary>
        public static JsonObject FromSettings(object settings) => PowerShellJson.ToObject(settings, "-Settings");

        public static JsonArray ToArray(object[] items, string what)
        {
            var array = new JsonArray();
            foreach (var item in items) array.Add(PowerShellJson.ToObject(item, what));
            return array;
        }

        public static JsonObject Tags(IDictionary tags) => PowerShellJson.ToObject(Conversions.ToStringMap(tags), "-Tag");
    }
}
