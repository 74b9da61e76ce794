using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DatabricksJobs.Client;

namespace DatabricksJobs.Completion
{
    /// <summary>
    /// Completes job ids from what is typed: the start of an id, or the start of a job's name. Either way the id is
    /// what goes on the command line, and the menu shows the name beside it.
    /// </summary>
    public sealed class JobIdCompleter : SessionCompleter
    {
        protected override async Task<IReadOnlyList<CompletionResult>> CompleteAsync(JobsService jobs, WildcardPattern typed, IDictionary boundParameters, CallContext context) =>
            (await JobCatalog.JobsAsync(jobs, context).ConfigureAwait(false))
                .Where(j => typed.IsMatch(j.Id.ToString(CultureInfo.InvariantCulture)) || typed.IsMatch(j.Name))
                .OrderBy(j => j.Name, System.StringComparer.OrdinalIgnoreCase)
                .Select(j => new CompletionResult(j.Id.ToString(CultureInfo.InvariantCulture), $"{j.Id} {j.Name}", CompletionResultType.ParameterValue, j.Name.Length > 0 ? j.Name : j.Id.ToString(CultureInfo.InvariantCulture)))
                .ToList();
    }
}
