using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Completion;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>Gets the default session of the runspace, or its sessions by name, or all of them.</summary>
    /// <remarks>
    /// <para>Get-DbxSession returns the default session of the runspace (the one Connect-DbxWorkspace made last, or Use-DbxSession chose), or nothing when there is none. With -All it returns every connected session of the runspace, in the order they were connected; with -Name, those whose names match.</para>
    /// <para>A session shows its name, whether it is the default (IsDefault), the workspace host, the user, how it authenticated and whether it is still connected; it never shows the token. Its name is what -Session of every cmdlet takes in place of the session.</para>
    /// </remarks>
    /// <example title="See which workspace you are connected to">
    /// <code>
    /// Get-DbxSession
    /// </code>
    /// <para>Shows the name, the host, the user name and the authentication type of the default session.</para>
    /// </example>
    /// <example title="List every session, and see which is the default">
    /// <code>
    /// Get-DbxSession -All
    /// </code>
    /// <para>One row per connected session of the runspace; the default has True under Default.</para>
    /// </example>
    /// <example title="Get sessions by name">
    /// <code>
    /// Get-DbxSession -Name 'prod*' | Disconnect-DbxWorkspace
    /// </code>
    /// <para>Ends every session whose name starts with prod. A name without wildcards that no session has is an error.</para>
    /// </example>
    /// <example title="Connect only when not connected">
    /// <code>
    /// if (-not (Get-DbxSession)) { Connect-DbxWorkspace | Out-Null }
    /// </code>
    /// <para>Useful at the top of a script that may run in a session that is already connected.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/aws/en/dev-tools/auth/unified-auth">Databricks unified authentication: where credentials are looked for</seealso>
    /// <seealso cref="ConnectDbxWorkspaceCommand"/>
    /// <seealso cref="UseDbxSessionCommand"/>
    /// <seealso cref="DisconnectDbxWorkspaceCommand"/>
    [Cmdlet(VerbsCommon.Get, "DbxSession", DefaultParameterSetName = DefaultSet)]
    [OutputType(typeof(DatabricksSession))]
    public sealed class GetDbxSessionCommand : PSCmdlet
    {
        private const string DefaultSet = "Default";
        private const string NameSet = "Name";
        private const string AllSet = "All";

        /// <summary>The names of the sessions to get, exact (ignoring case) or with wildcards (* ?).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = NameSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Every connected session of the runspace, the default among them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override void EndProcessing()
        {
            switch (ParameterSetName)
            {
                case AllSet:
                    WriteObject(SessionStore.All, enumerateCollection: true);
                    break;
                case NameSet:
                    var sessions = SessionStore.All;
                    foreach (var name in Name!) WriteMatches(sessions, name);
                    break;
                default:
                    if (SessionStore.Default is { } session) WriteObject(session);
                    break;
            }
        }

        private void WriteMatches(IReadOnlyList<DatabricksSession> sessions, string name)
        {
            if (!WildcardPattern.ContainsWildcardCharacters(name))
            {
                var unescaped = WildcardPattern.Unescape(name);
                if (sessions.FirstOrDefault(s => string.Equals(s.Name, unescaped, StringComparison.OrdinalIgnoreCase)) is { } found)
                    WriteObject(found);
                else
                    WriteError(ErrorRecords.Create($"There is no session named '{unescaped}'. Get-DbxSession -All lists the sessions of this runspace.",
                        "SessionNotFound", ErrorCategory.ObjectNotFound, name));
                return;
            }
            WildcardPattern pattern;
            try
            {
                pattern = Wildcards.Parsed(name, "-Name");
            }
            catch (InputException e)
            {
                WriteError(ErrorRecords.FromInput(e, name));
                return;
            }
            foreach (var session in sessions.Where(s => pattern.IsMatch(s.Name))) WriteObject(session);
        }
    }
}
