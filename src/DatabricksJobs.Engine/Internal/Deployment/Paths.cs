using System.Text.RegularExpressions;

namespace DatabricksJobs.Internal.Deployment
{
    /// <summary>JSON paths as a deployment's messages and differences name fields: tasks[main].notebook_task.notebook_path.</summary>
    internal static class Paths
    {
        private static readonly Regex Plain = new Regex("^[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant);

        /// <summary>The path of a field or map key in the object at <paramref name="path"/>; a key that is not a plain word is quoted (spark_conf['spark.x']).</summary>
        public static string Child(string path, string key) =>
            !Plain.IsMatch(key) ? $"{path}['{key.Replace("'", "''")}']" : path.Length == 0 ? key : $"{path}.{key}";
    }
}
