using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DatabricksJobs.Client;

namespace DatabricksJobs.Completion
{
    /// <summary>
    /// Completes task keys: of the run named by -RunId (Repair-DbxRun -Task), else of the job named by -JobId
    /// (Invoke-DbxJobRun -Only).
    /// </summary>
    public sealed class TaskKeyCompleter : SessionCompleter
    {
        protected override async Task<IReadOnlyList<CompletionResult>> CompleteAsync(JobsService jobs, WildcardPattern typed, IDictionary boundParameters, CallContext context)
        {
            IEnumerable<string?> keys;
            if (FirstId(boundParameters["RunId"]) is long runId)
                keys = (await jobs.GetRunAsync(runId, false, context).ConfigureAwait(false)).LatestTasks.Select(t => t.TaskKey);
            else if (FirstId(boundParameters["JobId"]) is long jobId)
                keys = ((await jobs.GetJobAsync(jobId, context).ConfigureAwait(false)).Settings?.Tasks ?? new List<Models.JobTask>()).Select(t => t.TaskKey);
            else
                return new List<CompletionResult>();
            return keys.Where(k => k is not null && typed.IsMatch(k))
                .Select(k => new CompletionResult(Quoted(k!), k!, CompletionResultType.ParameterValue, k!))
                .ToList();
        }
    }
}
