using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// The Databricks CLI's sign-in (databricks auth login): the token its cache (~/.databricks/token-cache.json, version 1)
    /// holds for the workspace. The cache is read and written as the CLI does (databricks/cli v1.13.0: cmd/auth/token.go,
    /// libs/auth/storage/filestore.go and dual_writing_cache.go; databricks-sdk-go v0.175.0: credentials/u2m): a token is
    /// keyed by the name of the profile the CLI finds for the workspace, and also by the workspace URL without a trailing
    /// slash (the host key). An expired token is refreshed at the workspace's /oidc/v1/token with the cached refresh token
    /// (client id databricks-cli); the workspace rotates refresh tokens, so the new tokens are written back under every
    /// key that the CLI and older SDKs read for the workspace, or their next use fails.
    /// </summary>
    public sealed class DatabricksCliCredential : Credential
    {
        private const string CliClientId = "databricks-cli";
        // Since Databricks CLI 1.0 the file is used only in its plaintext storage mode.
        private const string KeyringNote = " (Databricks CLI 1.0 and later keep the token in the OS keyring, which this module does not read, " +
            "unless auth_storage = plaintext is set in the [__settings__] section of the configuration file, or DATABRICKS_AUTH_STORAGE=plaintext)";
        // As the Go oauth2 package sees a token: expired ten seconds early.
        private static readonly TimeSpan EarlyExpiry = TimeSpan.FromSeconds(10);
        // One writer of the cache at a time in this process (sessions of several runspaces share the file).
        private static readonly SemaphoreSlim FileGate = new SemaphoreSlim(1, 1);
        private static readonly JsonSerializerOptions Indented = new JsonSerializerOptions { WriteIndented = true };
        private readonly CachedToken _token = new CachedToken();
        private readonly string _configPath;
        private readonly string? _profile;
        private volatile bool _refused;

        /// <param name="cachePath">The CLI's token cache.</param>
        /// <param name="configPath">The configuration file, whose profiles give the workspace's profile key.</param>
        /// <param name="profile">The profile asked for by name (-Profile or DATABRICKS_CONFIG_PROFILE), which the SDKs give the CLI as --profile.</param>
        public DatabricksCliCredential(string cachePath, string configPath, string? profile)
        {
            CachePath = cachePath;
            _configPath = configPath;
            _profile = profile;
        }

        public static string DefaultCachePath =>
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".databricks", "token-cache.json");

        public string CachePath { get; }

        public override string AuthType => "DatabricksCli";

        internal override bool CanRefresh => true;

        internal override async Task<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(TokenClient tokens, Uri host, CallContext context) =>
            Bearer(await _token.GetAsync(() => FetchAsync(tokens, host, context), context).ConfigureAwait(false));

        private async Task<TokenResponseInfo> FetchAsync(TokenClient tokens, Uri host, CallContext context)
        {
            var hostKey = host.GetLeftPart(UriPartial.Authority);
            var profileKey = ProfileKey(hostKey);
            var login = profileKey is null ? $"run databricks auth login --host {hostKey}" : $"run databricks auth login --profile {profileKey}";
            await FileGate.WaitAsync(context.Cancellation).ConfigureAwait(false);
            try
            {
                var (cache, entries) = ReadCache(login);
                var (key, entry) = Lookup(entries, profileKey, hostKey, login);
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
                    fresh = await tokens.RequestAsync("The workspace's OAuth endpoint", HttpMethod.Post, TokenClient.WorkspaceEndpoint(host),
                        request => request.Content = TokenClient.Form(("grant_type", "refresh_token"), ("refresh_token", refresh), ("client_id", CliClientId)),
                        context).ConfigureAwait(false);
                }
                catch (DatabricksApiException e) when (e.StatusCode is not null)
                {
                    throw e.WithHint($"The Databricks CLI's sign-in has to be renewed: {login}.");
                }
                _refused = false;
                var keys = KeysToWrite(entries, key, hostKey, refresh);
                foreach (var written in keys) SetToken(entries, written, fresh, refresh);
                Write(cache);
                context.Verbose?.Invoke($"Refreshed the Databricks CLI's token for {hostKey} and wrote it back to {CachePath} under {string.Join(", ", keys)}.");
                return fresh;
            }
            finally
            {
                FileGate.Release();
            }
        }

        /// <summary>
        /// The profile whose name is the workspace's cache key, as databricks auth token finds it (cmd/auth/token.go): the
        /// profile asked for by name, else the one profile of the configuration file with the workspace's host; only when
        /// that profile's host is the workspace's, so that no other workspace's token is sent. Null: there is only the host key.
        /// </summary>
        private string? ProfileKey(string hostKey)
        {
            var profiles = DatabricksConfigFile.Read(_configPath);
            if (profiles is null) return null;
            if (_profile is not null) return profiles.TryGetValue(_profile, out var named) && IsHost(named, hostKey) ? _profile : null;
            var matching = profiles.Where(p => IsHost(p.Value, hostKey)).Select(p => p.Key).ToList();
            return matching.Count == 1 ? matching[0] : null;
        }

        /// <summary>Whether a profile's host is the workspace's (as the Go SDK's CanonicalHostName compares them: scheme and authority).</summary>
        private static bool IsHost(Dictionary<string, string> profile, string hostKey) =>
            profile.TryGetValue("host", out var text) && text.Length > 0 &&
            Uri.TryCreate(text.Contains("://") ? text : "https://" + text, UriKind.Absolute, out var uri) &&
            string.Equals(uri.GetLeftPart(UriPartial.Authority), hostKey, StringComparison.OrdinalIgnoreCase);

        private (JsonObject Cache, JsonObject Entries) ReadCache(string login)
        {
            if (!File.Exists(CachePath))
                throw TokenSourceCredential.SignInFailure($"There is no Databricks CLI token cache at {CachePath}: {login}{KeyringNote}.", "DatabricksCliNotSignedIn");
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
            return (cache, cache["tokens"] as JsonObject ?? new JsonObject());
        }

        /// <summary>
        /// The token the CLI reads: under the profile key when there is one, else under the host key. A profile key with no
        /// token falls back to the host key, which CLIs before profile keys wrote (as databricks-sdk-go did from v0.112.0 to
        /// v0.129.0; the current CLI asks to sign in again instead).
        /// </summary>
        private (string Key, JsonObject Entry) Lookup(JsonObject entries, string? profileKey, string hostKey, string login)
        {
            foreach (var key in new[] { profileKey, hostKey })
            {
                if (key is not null && entries[key] is JsonObject entry) return (key, entry);
            }
            var wanted = profileKey is null ? hostKey : $"the profile '{profileKey}' or {hostKey}";
            throw TokenSourceCredential.SignInFailure($"The Databricks CLI token cache {CachePath} has no token for {wanted}: {login}{KeyringNote}.", "DatabricksCliNotSignedIn");
        }

        /// <summary>
        /// Where a refreshed token goes: under the key it was read from and the host key (the CLI writes both at sign-in,
        /// dual_writing_cache.go, and SDKs before profile keys read only the host key), and under every other key that held
        /// the refresh token just used up, which is no good to anyone now. A profile key that held no token is not made:
        /// the host key's token may be another profile's, with other scopes.
        /// </summary>
        private static List<string> KeysToWrite(JsonObject entries, string readKey, string hostKey, string usedRefreshToken)
        {
            var sharing = entries.Where(p => p.Value is JsonObject entry && Text(entry, "refresh_token") == usedRefreshToken).Select(p => p.Key);
            return new[] { readKey, hostKey }.Concat(sharing).Distinct(StringComparer.Ordinal).ToList();
        }

        /// <summary>The refreshed token under <paramref name="key"/>; what else its entry holds is kept.</summary>
        private static void SetToken(JsonObject entries, string key, TokenResponseInfo fresh, string usedRefreshToken)
        {
            if (entries[key] is not JsonObject entry) entries[key] = entry = new JsonObject();
            entry["access_token"] = fresh.AccessToken;
            entry["token_type"] = "Bearer";
            // An answer without a refresh token leaves the old one in use, as the Go oauth2 package keeps it.
            entry["refresh_token"] = fresh.RefreshToken ?? usedRefreshToken;
            entry["expiry"] = fresh.ExpiresAt.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// Replaces the cache whole, as the CLI does (filestore.go: a temporary file beside it, renamed over it), so that no
        /// reader sees half a file and the other entries and fields stay as they were. The temporary file starts as a copy
        /// of the cache, so it has the cache's owner-only mode (0600) from the start; on Windows File.Replace keeps the
        /// cache's access control.
        /// </summary>
        private void Write(JsonObject cache)
        {
            var temp = Path.Combine(Path.GetDirectoryName(CachePath)!, $".token-cache-{Guid.NewGuid():N}.tmp");
            try
            {
                File.Copy(CachePath, temp);
                using (var stream = new FileStream(temp, FileMode.Truncate, FileAccess.Write))
                using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                    writer.Write(cache.ToJsonString(Indented));
                File.Replace(temp, CachePath, destinationBackupFileName: null);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
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
