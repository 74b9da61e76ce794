using System;
using System.Net.Http;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// Headers made from credentials and settings: a value with a line break could end the header early or add headers of
    /// its own, and .NET does not refuse every such value on every runtime, so each is checked before it is added.
    /// </summary>
    internal static class SafeHeaders
    {
        public static void Add(HttpRequestMessage request, string name, string value)
        {
            if (Problem(value) is string problem)
            {
                var what = name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) ? "The access token" : $"The value of the {name} header";
                throw new ArgumentException($"{what} holds {problem}, so it is not sent: check where it comes from (a trailing newline in a file or variable?).");
            }
            request.Headers.TryAddWithoutValidation(name, value);
        }

        /// <summary>What makes <paramref name="value"/> unfit for a header (printable ASCII only), or null when nothing does.</summary>
        public static string? Problem(string value)
        {
            for (var i = 0; i < value.Length; i++)
            {
                var c = value[i];
                if (c == '\r' || c == '\n') return $"a line break (at position {i + 1})";
                if (c < ' ' || c == '\x7f') return $"a control character (at position {i + 1})";
                if (c > '~') return $"a character that is not ASCII (at position {i + 1})";
            }
            return null;
        }
    }
}
