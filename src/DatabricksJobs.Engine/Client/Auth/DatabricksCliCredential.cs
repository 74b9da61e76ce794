using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// The Databricks CLI's sign-in (databricks auth login): the token its cache (~/.databricks/token-cache.json,
    /// version 1, keyed by the workspace URL without a trailing slash) holds for the workspace. An expired token is
    /// refreshed at the workspace's /oidc/v1/token with the cached refresh token (client id databricks-cli), and the
    /// new tokens are written back to the cache, as the CLI and the Go SDK do: the workspace rotates refresh tokens, so
    /// the CLI's own next use needs the new one.
    /// </summary>
    public sealed class DatabricksCliCredential : Credential
    {
        private const string CliClientId = "databricks-cli";
        // As the Go oauth2 package sees a token: expired ten seconds early.
        private static readonly TimeSpan EarlyExpiry = TimeSpan.FromSeconds(10);
        // One writer of the cache at a time in this process (sessions of several runspaces share the file).
        private static readonly SemaphoreSlim FileGate = new SemaphoreSlim(1, 1);
        private readonly CachedToken _token = new CachedToken();
        private volatile bool _refused;

        public DatabricksCliCredential(string cachePath) => CachePath = cachePath;

        public static string DefaultCachePath =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".databricks", "token-cache.json");

        public string CachePath { get; }

        public override string AuthType => "DatabricksCli";

        internal override bool CanRefresh => true;

        internal override async Task<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(TokenClient tokens, Uri host, CallContext context) =>
            Bearer(await _token.GetAsync(() => FetchAsync(tokens, host, context), context).ConfigureAwait(false));

        private async Task<TokenResponseInfo> FetchAsync(TokenClient tokens, Uri host, CallContext context)
        {
            var key = host.GetLeftPart(UriPartial.Authority);
            var login = $"run databricks auth login --host {key}";
            await FileGate.WaitAsync(context.Cancellation).ConfigureAwait(false);
            try
            {
                var (cache, entry) = ReadEntry(key, login);
                var access = Text(entry, "access_token");
                var expiry = Text(entry, "expiry") is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                    ? at
                    : DateTimeOffset.MinValue;
                if (!_refused && access is not null && expiry - EarlyExpiry > DateTimeOffset.UtcNow) return new TokenResponseInfo(access, expiry);

                var refresh = Text(entry, "refresh_token")
                    ?? throw TokenSourceCredential.SignInFailure($"The Databricks CLI's token for {key} in {CachePath} has expired and has no refresh token: {login}.", "DatabricksCliTokenExpired");
                TokenResponseInfo fresh;
                try
                {
                    fresh = await tokens.RequestAsync("The workspace's OAuth endpoint", HttpMethod.Post, new Uri(host, "oidc/v1/token").ToString(),
                        request => request.Content = TokenClient.Form(("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", CliClientId)),
                        context).ConfigureAwait(false);
                }
                catch (DatabricksApiException e) when (e.StatusCode is not null)
                {
                    throw e.WithHint($"The Databricks CLI's sign-in has to be renewed: {login}.");
                }
                _refused = false;
                entry["access_token"] = fresh.AccessToken;
                entry["token_type"] = "Bearer";
                // An answer without a refresh token leaves the old one in use, as the Go oauth2 package keeps it.
                entry["refresh_token"] = fresh.RefreshToken ?? refresh;
                entry["expiry"] = fresh.ExpiresAt.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture);
                // Written in place, so the file keeps the owner-only mode the CLI gave it.
                File.WriteAllText(CachePath, cache.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                context.Verbose?.Invoke($"Refreshed the Databricks CLI's token for {key} and wrote it back to {CachePath}.");
                return fresh;
            }
            finally
            {
                FileGate.Release();
            }
        }

        private (JsonObject Cache, JsonObject Entry) ReadEntry(string key, string login)
        {
            if (!File.Exists(CachePath))
                throw TokenSourceCredential.SignInFailure($"There is no Databricks CLI token cache at {CachePath}: {login}.", "DatabricksCliNotSignedIn");
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(File.ReadAllText(CachePath));
            }
            catch (JsonException e)
            {
                throw TokenSourceCredential.SignInFailure($"The Databricks CLI token cache {CachePath} is not JSON ({e.Message}): {login}.", "DatabricksCliCacheUnreadable");
            }
            if (root is not JsonObject cache || cache["version"] is not JsonValue version || !version.TryGetValue(out int number) || number != 1)
                throw TokenSourceCredential.SignInFailure($"The Databricks CLI token cache {CachePath} is not of version 1, the one this module reads.", "DatabricksCliCacheUnreadable");
            if (cache["tokens"] is JsonObject entries && entries[key] is JsonObject entry) return (cache, entry);
            throw TokenSourceCredential.SignInFailure($"The Databricks CLI token cache {CachePath} has no token for {key}: {login}.", "DatabricksCliNotSignedIn");
        }

        private static string? Text(JsonObject entry, string name) =>
            entry[name] is JsonValue value && value.TryGetValue(out string? text) && !string.IsNullOrEmpty(text) ? text : null;

        internal override void Invalidate()
        {
            _refused = true;
            _token.Invalidate();
        }

        public override void Dispose() => _token.Dispose();

        public override string ToString() => $"{AuthType} ({CachePath})";
    }
}
