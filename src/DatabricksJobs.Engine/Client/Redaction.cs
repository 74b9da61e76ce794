using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// Text of an answer as errors may quote it. A proxy's or a wrong URL's error page may echo the request it got,
    /// credentials included, so whatever is quoted is masked first: the credential values the request carried, wherever
    /// they appear, and whatever looks like a credential (header lines of credentials, Bearer and Basic values,
    /// Databricks tokens, JWTs, token and secret fields of JSON, forms and queries).
    /// </summary>
    internal static class Redaction
    {
        private const string Mask = "***";
        private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

        private static readonly Regex[] Patterns =
        {
            // Header lines: Authorization: ..., Cookie: ..., X-Databricks-Azure-SP-Management-Token: ..., X-IDENTITY-HEADER: ...,
            // X-Api-Key: ... (a hyphen before the last word, so that a message's "task_key: x" stays as it is).
            new Regex(@"(?m)^([ \t]*(?:authorization|proxy-authorization|cookie|set-cookie|x-databricks-[\w-]*|[\w-]*-(?:token|secret|key|password|header))[ \t]*:[ \t]*)[^\r\n]*", Options),
            new Regex(@"\b((?:bearer|basic)\s+)[\w\-.~+/]+=*", Options),
            new Regex(@"\b(?:dapi|dose)[\w-]{8,}", Options),
            new Regex(@"\beyJ[\w-]*\.[\w-]+\.[\w-]*", Options),
            // "access_token": "...", refresh_token=..., client_secret='...', ?token=...
            new Regex(@"((?:\b|"")(?:access_token|refresh_token|id_token|client_secret|client_assertion|assertion|password|secret|api_?key|token)""?\s*[:=]\s*)(""[^""]*""|'[^']*'|[^\s&,;)\]}""'<]+)", Options),
        };

        /// <summary><paramref name="text"/> with <paramref name="secrets"/> (values a request carried) and anything credential-like masked.</summary>
        public static string Masked(string text, IEnumerable<string> secrets)
        {
            // A header's value ("Bearer <token>") is masked whole, and its last word alone; the longest first, so that none is left half shown.
            var values = secrets.Where(s => !string.IsNullOrEmpty(s))
                .SelectMany(s => new[] { s, s.Substring(s.LastIndexOf(' ') + 1), Uri.EscapeDataString(s) })
                .Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length);
            foreach (var value in values) text = text.Replace(value, Mask);
            foreach (var pattern in Patterns)
                text = pattern.Replace(text, m => m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1].Value + Mask : Mask);
            return text;
        }

        /// <summary>
        /// The start of an answer's body, masked, as one short line: an HTML page's title, or its text without tags, and
        /// at most <paramref name="length"/> characters.
        /// </summary>
        public static string Excerpt(byte[] body, int length, IEnumerable<string> secrets)
        {
            var text = Masked(Encoding.UTF8.GetString(body), secrets);
            var title = Regex.Match(text, @"<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline);
            if (title.Success && title.Groups[1].Value.Trim().Length > 0) text = title.Groups[1].Value;
            text = Regex.Replace(Regex.Replace(text, @"<(script|style)\b.*?</\1>|<[^>]*>", " ", RegexOptions.IgnoreCase | RegexOptions.Singleline), @"\s+", " ").Trim();
            return text.Length > length ? text.Substring(0, length) + "..." : text;
        }
    }
}
