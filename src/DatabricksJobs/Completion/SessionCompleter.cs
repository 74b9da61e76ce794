using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Completion
{
    /// <summary>
    /// Tab completion that asks the workspace: through -Session (a session or its name) when it is on the command line,
    /// else the default session. It gives up quietly after a few seconds or on any error: a completer must never stand in the way.
    /// </summary>
    public abstract class SessionCompleter : IArgumentCompleter
    {
        private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(3);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var given = fakeBoundParameters["Session"] is PSObject ps ? ps.BaseObject : fakeBoundParameters["Session"];
            var session = given switch
            {
                null => SessionStore.Default,
                string name => SessionStore.Find(name),
                _ => given as DatabricksSession,
            };
            if (session is null || !session.IsConnected) return Enumerable.Empty<CompletionResult>();
            WildcardPattern typed;
            try
            {
                typed = Wildcards.Parsed((wordToComplete ?? "").Trim('\'', '"') + "*");
            }
            catch (WildcardPatternException)
            {
                // A word that is no pattern ('a[b') matches nothing; asking the workspace would not change that.
                return Enumerable.Empty<CompletionResult>();
            }
            using var timeout = new CancellationTokenSource(TimeLimit);
            try
            {
                var task = Task.Run(() => CompleteAsync(session.Jobs, typed, fakeBoundParameters, new CallContext(null, timeout.Token)));
                return task.Wait(TimeLimit) ? task.Result : Enumerable.Empty<CompletionResult>();
            }
            catch (AggregateException)
            {
                return Enumerable.Empty<CompletionResult>();
            }
            finally
            {
                // Work that outlived the wait stops now, not when a disposed timer would have fired.
                timeout.Cancel();
            }
        }

        /// <summary>The completions of what matches <paramref name="typed"/>: the word typed, ignoring case, with any wildcards in it, then anything.</summary>
        protected abstract Task<IReadOnlyList<CompletionResult>> CompleteAsync(JobsService jobs, WildcardPattern typed, IDictionary boundParameters, CallContext context);

        /// <summary>A value as PowerShell would parse it back: quoted when it holds spaces or special characters.</summary>
        internal static string Quoted(string value) =>
            value.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.') ? value : CommandText.Quoted(value);

        /// <summary>The first id in a bound parameter (a number, a string of digits, or an array of them).</summary>
        protected static long? FirstId(object? value)
        {
            value = value is PSObject ps ? ps.BaseObject : value;
            if (value is Array array) value = array.Length > 0 ? array.GetValue(0) : null;
            try
            {
                return value is null ? null : LanguagePrimitives.ConvertTo<long>(value);
            }
            catch (PSInvalidCastException)
            {
                return null;
            }
        }
    }
}
