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

        /// <summary>
        /// <paramref name="pattern"/>, given to <paramref name="parameter"/>, parsed now; a bad one is an error of its item
        /// (InvalidWildcardPattern) that says how to match [ and ] as they are.
        /// </summary>
        public static WildcardPattern Parsed(string pattern, string parameter)
        {
            try
            {
                return Parsed(pattern);
            }
            catch (WildcardPatternException e)
            {
                throw new InputException($"{parameter} '{pattern}' is not a valid wildcard pattern: [ and ] enclose a set of characters. " +
                    "To match [ or ] as they are, put a backtick before each (`[ `]).", "InvalidWildcardPattern", target: pattern, inner: e);
            }
        }
    }
}
