using System.Management.Automation;
using System.Management.Automation.Language;

namespace DatabricksJobs.Internal
{
    /// <summary>Values put into the commands errors advise, so that a command runs as written whatever the value holds.</summary>
    internal static class CommandText
    {
        /// <summary><paramref name="value"/> as a single-quoted PowerShell string (each kind of single quote doubled).</summary>
        public static string Quoted(string value) => "'" + CodeGeneration.EscapeSingleQuotedStringContent(value) + "'";

        /// <summary>
        /// <paramref name="name"/> as a -Name value that matches that name and no other: its wildcard characters escaped
        /// (Get-DbxJob -Name takes a name whose wildcards are all escaped as an exact name), then quoted.
        /// </summary>
        public static string ExactName(string name) => Quoted(WildcardPattern.Escape(name));
    }
}
