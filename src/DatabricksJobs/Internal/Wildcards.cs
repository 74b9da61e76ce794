using System.Management.Automation;

namespace DatabricksJobs.Internal
{
    internal static class Wildcards
    {
        /// <summary>
        /// A case-insensitive pattern, parsed now: WildcardPattern parses on its first match, so a bad one ('a[b') would
        /// throw WildcardPatternException from the middle of a listing instead of where it can be told apart.
        /// </summary>
        public static WildcardPattern Parsed(string pattern)
        {
            var parsed = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
            parsed.IsMatch("");
            return parsed;
        }
    }
}
