using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using DatabricksJobs.Client.Auth;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Completion
{
    /// <summary>Completes the profile names of the Databricks configuration file (Connect-DbxWorkspace -Profile).</summary>
    public sealed class ProfileCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            // A completer must never stand in the way: a word that is no pattern ('a[b'), or a file that cannot be
            // read, completes to nothing.
            WildcardPattern typed;
            Dictionary<string, Dictionary<string, string>>? profiles;
            try
            {
                typed = Wildcards.Parsed((wordToComplete ?? "").Trim('\'', '"') + "*");
                profiles = DatabricksConfigFile.Read(DatabricksConfigFile.DefaultPath);
            }
            catch (Exception e) when (e is WildcardPatternException or IOException or UnauthorizedAccessException)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            return (profiles?.Keys ?? Enumerable.Empty<string>())
                .Where(typed.IsMatch)
                .OrderBy(name => name, System.StringComparer.OrdinalIgnoreCase)
                .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, profiles![name].TryGetValue("host", out var host) ? host : name))
                .ToList();
        }
    }
}
