using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DatabricksJobs.Client.Auth;

namespace DatabricksJobs.Completion
{
    /// <summary>Completes the profile names of the Databricks configuration file (Connect-DbxWorkspace -Profile).</summary>
    public sealed class ProfileCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            Dictionary<string, Dictionary<string, string>>? profiles;
            try
            {
                profiles = DatabricksConfigFile.Read(DatabricksConfigFile.DefaultPath);
            }
            catch (IOException)
            {
                profiles = null;
            }
            var pattern = new WildcardPattern((wordToComplete ?? "").Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return (profiles?.Keys ?? Enumerable.Empty<string>())
                .Where(pattern.IsMatch)
                .OrderBy(name => name, System.StringComparer.OrdinalIgnoreCase)
                .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, profiles![name].TryGetValue("host", out var host) ? host : name))
                .ToList();
        }
    }
}
