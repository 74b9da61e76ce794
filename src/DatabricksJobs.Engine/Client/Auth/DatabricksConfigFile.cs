using System;
using System.Collections.Generic;
using System.IO;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// The Databricks CLI's configuration file (~/.databrickscfg, or DATABRICKS_CONFIG_FILE): INI sections named
    /// after profiles, with host, token, client_id, ... as the Databricks tools write them.
    /// </summary>
    public static class DatabricksConfigFile
    {
        public static string DefaultPath
        {
            get
            {
                var configured = Environment.GetEnvironmentVariable("DATABRICKS_CONFIG_FILE");
                var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                if (string.IsNullOrEmpty(configured)) return Path.Combine(home, ".databrickscfg");
                return configured!.StartsWith("~", StringComparison.Ordinal) ? home + configured.Substring(1) : configured;
            }
        }

        /// <summary>The profiles of the file (names compared ignoring case), or null when there is no file.</summary>
        public static Dictionary<string, Dictionary<string, string>>? Read(string path)
        {
            if (!File.Exists(path)) return null;
            var profiles = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
            Dictionary<string, string>? current = null;
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == ';' || line[0] == '#') continue;
                if (line[0] == '[' && line[line.Length - 1] == ']')
                {
                    var name = line.Substring(1, line.Length - 2).Trim();
                    if (!profiles.TryGetValue(name, out current))
                    {
                        current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                        profiles[name] = current;
                    }
                    continue;
                }
                var equals = line.IndexOf('=');
                if (current is null || equals <= 0) continue;
                current[line.Substring(0, equals).Trim()] = line.Substring(equals + 1).Trim();
            }
            return profiles;
        }
    }
}
