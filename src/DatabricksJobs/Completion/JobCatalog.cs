using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using DatabricksJobs.Client;

namespace DatabricksJobs.Completion
{
    /// <summary>
    /// The ids and names of a workspace's jobs, for completion: listed once and kept for half a minute, so that
    /// pressing Tab repeatedly does not list the jobs each time. At most 1,000 jobs are listed.
    /// </summary>
    internal static class JobCatalog
    {
        private static readonly TimeSpan KeepFor = TimeSpan.FromSeconds(30);
        private const int MaxJobs = 1000;

        private sealed class Entry
        {
            public DateTime ListedAt;
            public IReadOnlyList<(long Id, string Name)> Jobs = Array.Empty<(long, string)>();
        }

        private static readonly ConditionalWeakTable<JobsService, Entry> Cache = new ConditionalWeakTable<JobsService, Entry>();

        public static async Task<IReadOnlyList<(long Id, string Name)>> JobsAsync(JobsService jobs, CallContext context)
        {
            var entry = Cache.GetOrCreateValue(jobs);
            lock (entry)
            {
                if (DateTime.UtcNow - entry.ListedAt < KeepFor) return entry.Jobs;
            }
            var listed = new List<(long, string)>();
            string? token = null;
            do
            {
                var page = await jobs.ListJobsPageAsync(null, false, token, context).ConfigureAwait(false);
                listed.AddRange((page.Read().Jobs ?? new List<Models.Job>()).Select(j => (j.JobId, j.Name ?? "")));
                token = page.HasMore ? page.NextPageToken : null;
            } while (!string.IsNullOrEmpty(token) && listed.Count < MaxJobs);
            lock (entry)
            {
                entry.Jobs = listed;
                entry.ListedAt = DateTime.UtcNow;
            }
            return listed;
        }
    }
}
