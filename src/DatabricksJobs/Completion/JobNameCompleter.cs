using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DatabricksJobs.Client;

namespace DatabricksJobs.Completion
{
    /// <summary>Completes job names (Get-DbxJob -Name).</summary>
    public sealed class JobNameCompleter : SessionCompleter
    {
        protected override async Task<IReadOnlyList<CompletionResult>> CompleteAsync(JobsService jobs, WildcardPattern typed, IDictionary boundParameters, CallContext context) =>
            (await JobCatalog.JobsAsync(jobs, context).ConfigureAwait(false))
                .Where(j => typed.IsMatch(j.Name))
                .Select(j => j.Name)
                .Distinct()
                .OrderBy(name => name, System.StringComparer.OrdinalIgnoreCase)
                .Select(name => new CompletionResult(Quoted(name), name, CompletionResultType.ParameterValue, name))
                .ToList();
    }
}
