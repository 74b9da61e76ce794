using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using DatabricksJobs.Client;

namespace DatabricksJobs.Completion
{
    /// <summary>Completes job names, for a parameter that takes a name as it is (Invoke-DbxJobRun -JobName, Remove-DbxJob -Name).</summary>
    public class JobNameCompleter : SessionCompleter
    {
        protected override async Task<IReadOnlyList<CompletionResult>> CompleteAsync(JobsService jobs, WildcardPattern typed, IDictionary boundParameters, CallContext context) =>
            (await JobCatalog.JobsAsync(jobs, context).ConfigureAwait(false))
                .Where(j => typed.IsMatch(j.Name))
                .Select(j => j.Name)
                .Distinct()
                .OrderBy(name => name, System.StringComparer.OrdinalIgnoreCase)
                .Select(name => new CompletionResult(Quoted(AsTyped(name)), name, CompletionResultType.ParameterValue, name))
                .ToList();

        /// <summary>A name as the parameter takes it.</summary>
        protected virtual string AsTyped(string name) => name;
    }

    /// <summary>
    /// Completes job names for a parameter that takes wildcards (Get-DbxJob -Name): the wildcard characters of a name are
    /// escaped, so that the name completed matches that job's name and no other (etl[1] would match etl1, not etl[1]).
    /// </summary>
    public sealed class JobNamePatternCompleter : JobNameCompleter
    {
        protected override string AsTyped(string name) => WildcardPattern.Escape(name);
    }
}
