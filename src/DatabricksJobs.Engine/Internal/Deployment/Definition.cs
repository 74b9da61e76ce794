using System.Text.Json.Nodes;

namespace DatabricksJobs.Internal.Deployment
{
    /// <summary>A job's settings as a file of a deployment defines them, its variables filled in.</summary>
    internal sealed class Definition
    {
        public Definition(string key, string file, JsonObject settings)
        {
            Key = key;
            File = file;
            Settings = settings;
        }

        /// <summary>The file name without its extension: what the job's dbx-deployment tag carries, so that the job keeps it when renamed.</summary>
        public string Key { get; }

        /// <summary>The file's full path.</summary>
        public string File { get; }

        /// <summary>The settings, checked against jobs/reset's fields (without the identity tag, which the plan adds).</summary>
        public JsonObject Settings { get; }

        public string Name => (string)Settings["name"]!;
    }
}
