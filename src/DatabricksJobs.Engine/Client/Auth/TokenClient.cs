using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using DatabricksJobs.Models;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// Requests to token endpoints (the workspace's OAuth endpoint, Microsoft Entra ID, the Azure identity endpoints):
    /// retried like API requests, checked for https, and answered as an access token with its expiry or as an error
    /// that says which endpoint refused and why. A URL that is not usable (from an environment variable) is an
    /// ArgumentException, which the cmdlets report as a bad argument. Neither the request's secrets nor the token are ever written out.
    /// </summary>
    public sealed class TokenClient
    {
        /// <summary>The fields of token requests that name rather than prove, so are not masked in what their answers say.</summary>
        private static readonly HashSet<string> PublicFields = new HashSet<string>(StringComparer.Ordinal) { "grant_type", "scope", "client_id", "resource", "subject_token_type" };

        private readonly HttpClient _http;
        private readonly RetryPolicy _retryPolicy;

        internal TokenClient(HttpClient http, RetryPolicy retryPolicy)
        {
            _http = http;
            _retryPolicy = retryPolicy;
        }

        /// <summary>The workspace's own OAuth token endpoint, where OAuth M2M, the Databricks CLI's refresh and the OIDC exchange ask.</summary>
        internal static string WorkspaceEndpoint(Uri host) => new Uri(host, "oidc/v1/token").ToString();

        /// <summary>
        /// Secrets go only over https, except to this machine and to the link-local metadata service (169.254.169.254),
        /// which Azure serves over plain http.
        /// </summary>
        internal static Uri CheckEndpoint(Uri endpoint)
        {
            if (!endpoint.IsAbsoluteUri || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
                throw new ArgumentException($"'{endpoint}' is not an http(s) URL of a token endpoint.");
            var linkLocal = IPAddress.TryParse(endpoint.Host, out var address) && address.ToString().StartsWith("169.254.", StringComparison.Ordinal);
            if (endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback && !linkLocal)
                throw new ArgumentException($"Refusing to ask for a token over plain http at '{endpoint.Host}': use https.");
            return endpoint;
        }

        /// <summary>
        /// Asks <paramref name="url"/> for a token (429 and 5xx but 501 are tried again, as the metadata service answers them
        /// under load) and reads the token it answers. <paramref name="prepare"/> adds a request's headers and body; it
        /// runs once per attempt. <paramref name="tokenOf"/> picks the token out of the answer: its access_token unless
        /// the endpoint answers an ID token under another name.
        /// </summary>
        internal async Task<TokenResponseInfo> RequestAsync(string what, HttpMethod method, string url, Action<HttpRequestMessage> prepare, CallContext context,
            Func<TokenResponse, string?>? tokenOf = null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint)) throw new ArgumentException($"{what} is not at a usable URL: '{url}'.");
            CheckEndpoint(endpoint);
            var where = endpoint.GetLeftPart(UriPartial.Path);
            var sent = new List<string>();
            var (response, body, _) = await RetryingSender.SendAsync(_http, _retryPolicy, async () =>
            {
                var request = new HttpRequestMessage(method, endpoint);
                prepare(request);
                sent.AddRange(await SecretsOf(request).ConfigureAwait(false));
                return request;
            }, where, $"Could not reach {what} at {where}", repeatable: true, context)
                .ConfigureAwait(false);
            using (response)
            {
                var answer = Read(body);
                var token = answer is null ? null : (tokenOf ?? (a => a.AccessToken))(answer);
                if (response.IsSuccessStatusCode && !string.IsNullOrEmpty(token)) return new TokenResponseInfo(token!, ExpiresAt(answer!), answer!.RefreshToken);
                var said = answer?.ErrorDescription ?? answer?.Error;
                var reason = said is not null ? Redaction.Masked(said, sent) : response.IsSuccessStatusCode ? "the answer holds no access token" : $"HTTP {(int)response.StatusCode}";
                throw new DatabricksApiException($"{what} refused to give a token: {reason}", response.StatusCode, answer?.Error ?? "TokenRequestFailed",
                    method.Method, where);
            }
        }

        /// <summary>
        /// The secrets a token request carries, to be masked wherever its answer is quoted: its own headers' values (the
        /// identity header, Basic credentials and the secret in them, bearer tokens) and its form's values but the public ones.
        /// </summary>
        private static async Task<IEnumerable<string>> SecretsOf(HttpRequestMessage request)
        {
            var secrets = new List<string>();
            foreach (var header in request.Headers) secrets.AddRange(header.Value);
            // A bearer token (GitHub's request token, Azure DevOps' access token) is masked as itself too.
            if (request.Headers.Authorization is { Scheme: "Bearer", Parameter: { } bearer }) secrets.Add(bearer);
            // Basic credentials are client id:secret in base64; the secret is masked as itself too.
            if (request.Headers.Authorization is { Scheme: "Basic", Parameter: { } basic })
                secrets.Add(Encoding.UTF8.GetString(Convert.FromBase64String(basic)).Split(new[] { ':' }, 2).Last());
            if (request.Content is FormUrlEncodedContent form)
            {
                foreach (var pair in (await form.ReadAsStringAsync().ConfigureAwait(false)).Split('&'))
                {
                    var field = pair.Split(new[] { '=' }, 2);
                    if (field.Length == 2 && !PublicFields.Contains(field[0])) secrets.Add(Uri.UnescapeDataString(field[1].Replace('+', ' ')));
                }
            }
            return secrets;
        }

        private static TokenResponse? Read(byte[] body)
        {
            try
            {
                return body.Length == 0 ? null : JsonSerializer.Deserialize(body, DatabricksJsonContext.Default.TokenResponse);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>expires_in (seconds from now) when given, else expires_on (Unix seconds); an hour when neither is.</summary>
        private static DateTimeOffset ExpiresAt(TokenResponse answer)
        {
            if (answer.ExpiresIn is long seconds) return DateTimeOffset.UtcNow.AddSeconds(seconds);
            if (answer.ExpiresOn is long unix) return DateTimeOffset.FromUnixTimeSeconds(unix);
            return DateTimeOffset.UtcNow.AddHours(1);
        }

        internal static FormUrlEncodedContent Form(params (string Key, string Value)[] fields)
        {
            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var (key, value) in fields) pairs.Add(new KeyValuePair<string, string>(key, value));
            return new FormUrlEncodedContent(pairs);
        }
    }
}
