using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using DatabricksJobs.Models;

namespace DatabricksJobs.Internal.Deployment
{
    /// <summary>
    /// How a deployment knows its jobs: each carries the tag dbx-deployment = &lt;deployment&gt;/&lt;key&gt;, set in the very
    /// call that creates it, so that a deploy cut short and run again finds what it made. The key is the definition's
    /// file name, so a job renamed in its file stays the same job; whatever its case, so a file renamed only in case keeps
    /// its job, and its tag as it was.
    /// </summary>
    internal static class DeploymentIdentity
    {
        public const string Tag = "dbx-deployment";

        /// <summary>What a deployment's name may be: it is the first part of the tag's value, before the '/'.</summary>
        public static readonly Regex DeploymentName = new Regex(@"^[A-Za-z0-9._-]{1,100}$", RegexOptions.CultureInvariant);

        public static string TagValue(string deployment, string key) => $"{deployment}/{key}";

        /// <summary>The job's dbx-deployment tag, or null when it has none.</summary>
        public static string? TagOf(Job job) => job.Settings?.Tags is { } tags && tags.TryGetValue(Tag, out var value) ? value : null;

        /// <summary>
        /// The jobs of <paramref name="deployment"/> (the deployment's name compared exactly, the key whatever its case) by their key.
        /// </summary>
        public static Dictionary<string, List<Job>> JobsOf(string deployment, IEnumerable<Job> jobs)
        {
            var prefix = deployment + "/";
            return jobs.Select(job => (Job: job, Tag: TagOf(job)))
                .Where(j => j.Tag is not null && j.Tag.StartsWith(prefix, StringComparison.Ordinal) && j.Tag.Length > prefix.Length)
                .GroupBy(j => j.Tag!.Substring(prefix.Length), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Select(j => j.Job).ToList(), StringComparer.OrdinalIgnoreCase);
        }
    }
}
