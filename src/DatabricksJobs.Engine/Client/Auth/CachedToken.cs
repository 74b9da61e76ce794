using System;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>An access token fetched once and reused until it nears its expiry, then fetched again.</summary>
    internal sealed class CachedToken : IDisposable
    {
        /// <summary>Refresh this long before expiry at most (a token of an hour is refreshed at 55 minutes).</summary>
        private static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(1, 1);
        private SecureString? _token;
        private DateTimeOffset _refreshAt;
        private volatile bool _refused;

        /// <summary>The token, fetched by <paramref name="fetch"/> when there is none or it is due for refresh.</summary>
        public async Task<string> GetAsync(Func<Task<TokenResponseInfo>> fetch, CallContext context)
        {
            await _gate.WaitAsync(context.Cancellation).ConfigureAwait(false);
            try
            {
                if (_token is null || _refused || DateTimeOffset.UtcNow >= _refreshAt)
                {
                    var fetched = await fetch().ConfigureAwait(false);
                    _refused = false;
                    _token?.Dispose();
                    _token = Secrets.ToSecure(fetched.AccessToken);
                    // Short-lived tokens are refreshed halfway through their life, long ones five minutes before the end.
                    var lifetime = fetched.ExpiresAt - DateTimeOffset.UtcNow;
                    _refreshAt = fetched.ExpiresAt - (lifetime.Ticks / 2 < Margin.Ticks ? TimeSpan.FromTicks(Math.Max(0, lifetime.Ticks / 2)) : Margin);
                    context.Verbose?.Invoke(fetched.ExpiresAt == DateTimeOffset.MaxValue
                        ? "Got an access token that does not say when it expires; a new one is asked for when the workspace refuses it."
                        : $"Got an access token valid until {fetched.ExpiresAt.ToLocalTime():HH:mm:ss}; it is refreshed from {_refreshAt.ToLocalTime():HH:mm:ss}.");
                }
                return Secrets.Reveal(_token);
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>The workspace refused the token: the next request fetches a new one (without waiting on a fetch under way).</summary>
        public void Invalidate() => _refused = true;

        public void Dispose()
        {
            _token?.Dispose();
            _gate.Dispose();
        }
    }

    /// <summary>An access token and when it expires, as a token endpoint answered (DateTimeOffset.MaxValue when that is not known).</summary>
    internal readonly struct TokenResponseInfo
    {
        public TokenResponseInfo(string accessToken, DateTimeOffset expiresAt, string? refreshToken = null)
        {
            AccessToken = accessToken;
            ExpiresAt = expiresAt;
            RefreshToken = refreshToken;
        }

        public string AccessToken { get; }
        public DateTimeOffset ExpiresAt { get; }

        /// <summary>The new refresh token a refresh_token grant answered, if any.</summary>
        public string? RefreshToken { get; }

        public override string ToString() => $"access token valid until {ExpiresAt:O}";
    }
}
