using System;
using System.Collections.Generic;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// An access token the caller hands out on demand (an -AccessToken script block): asked for at connect, again
    /// before the token expires when it is a JWT whose exp says when, and whenever the workspace refuses it.
    /// </summary>
    public sealed class TokenSourceCredential : Credential
    {
        private readonly Func<SecureString> _fetch;
        private readonly string _what;
        private readonly CachedToken _token = new CachedToken();

        /// <param name="fetch">Answers a fresh token; it runs on the caller's thread (<see cref="CallContext.OnCallerThread"/>).</param>
        /// <param name="what">What hands out the tokens, as errors name it.</param>
        public TokenSourceCredential(Func<SecureString> fetch, string what)
        {
            _fetch = fetch;
            _what = what;
        }

        public override string AuthType => "AccessToken";

        internal override bool CanRefresh => true;

        internal override async Task<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(TokenClient tokens, Uri host, CallContext context) =>
            Bearer(await _token.GetAsync(() => FetchAsync(context), context).ConfigureAwait(false));

        private async Task<TokenResponseInfo> FetchAsync(CallContext context)
        {
            if (context.OnCallerThread is null)
                throw SignInFailure($"{_what} can only run while a command of the session runs, so no new token could be had.");
            SecureString? token = null;
            await context.OnCallerThread(() => token = _fetch()).ConfigureAwait(false);
            // The source hands over a token of its own (a copy), which is not kept once read.
            string text;
            using (token) text = Secrets.Reveal(token!).Trim();
            if (text.Length == 0) throw SignInFailure($"{_what} returned an empty token.");
            if (SafeHeaders.Problem(text) is string problem) throw SignInFailure($"The token {_what} returned holds {problem}.");
            return new TokenResponseInfo(text, JwtExpiry(text) ?? DateTimeOffset.MaxValue);
        }

        /// <summary>The exp claim of a JWT (Microsoft Entra ID and Databricks OAuth tokens are JWTs); null for any other token.</summary>
        internal static DateTimeOffset? JwtExpiry(string token)
        {
            var parts = token.Split('.');
            if (parts.Length != 3) return null;
            try
            {
                var payload = parts[1].Replace('-', '+').Replace('_', '/');
                payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
                using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
                return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var seconds)
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : (DateTimeOffset?)null;
            }
            catch (Exception e) when (e is FormatException or JsonException or ArgumentOutOfRangeException)
            {
                return null;
            }
        }

        /// <summary>An error of getting a token that is not the workspace's: said as the cmdlets report refused sign-ins.</summary>
        internal static DatabricksApiException SignInFailure(string message, string errorCode = "AccessTokenSourceFailed", Exception? inner = null) =>
            new DatabricksApiException(message, null, errorCode, "", "", inner) { SignInFailed = true };

        internal override void Invalidate() => _token.Invalidate();

        public override void Dispose() => _token.Dispose();

        public override string ToString() => $"{AuthType} ({_what})";
    }
}
