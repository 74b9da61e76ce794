using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Completion
{
    /// <summary>Completes the names of the runspace's connected sessions (-Session, and Get-DbxSession -Name).</summary>
    public sealed class SessionNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            WildcardPattern typed;
            try
            {
                typed = Wildcards.Parsed((wordToComplete ?? "").Trim('\'', '"') + "*");
            }
            catch (WildcardPatternException)
            {
                // A word that is no pattern ('a[b') completes to nothing: a completer must never stand in the way.
                return Enumerable.Empty<CompletionResult>();
            }
            return SessionStore.All
                .Where(s => typed.IsMatch(s.Name))
                .OrderBy(s => s.Name, System.StringComparer.OrdinalIgnoreCase)
                .Select(s => new CompletionResult(SessionCompleter.Quoted(s.Name), s.Name, CompletionResultType.ParameterValue,
                    s + (s.IsDefault ? " (default)" : "")))
                .ToList();
        }
    }
}
