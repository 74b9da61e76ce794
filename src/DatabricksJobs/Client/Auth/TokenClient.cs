using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using DatabricksJobs.Models;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// Requests to token endpoints (the workspace's OAuth endpoint, Microsoft Entra ID, the Azure identity endpoints):
    /// retried like API requests, checked for https, and answered as an access token with its expiry or as an error
    /// that says which endpoint refused and why. Neither the request's secrets nor the token are ever written out.
    /// </summary>
    public sealed class TokenClient
    {
        private readonly HttpClient _http;
        private readonly RetryPolicy _retryPolicy;

        internal TokenClient(HttpClient http, RetryPolicy retryPolicy)
        {
            _http = http;
            _retryPolicy = retryPolicy;
        }

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

        /// <summary>Sends the request <paramref name="build"/> makes (once per attempt) and reads the token it answers.</summary>
        internal async Task<TokenResponseInfo> RequestAsync(string what, Func<HttpRequestMessage> build, CallContext context)
        {
            var clock = Stopwatch.StartNew();
            for (var attempt = 1; ; attempt++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                using var request = build();
                CheckEndpoint(request.RequestUri!);
                var where = request.RequestUri!.GetLeftPart(UriPartial.Path);
                var started = clock.Elapsed;
                HttpResponseMessage response;
                try
                {
                    response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.Cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (!context.Cancellation.IsCancellationRequested && (e is HttpRequestException || e is IOException || e is TaskCanceledException))
                {
                    context.Verbose?.Invoke($"{request.Method} {where} -> no answer: {e.GetBaseException().Message}");
                    if (_retryPolicy.DelayBefore(attempt, clock.Elapsed, null) is TimeSpan wait)
                    {
                        await Task.Delay(wait, context.Cancellation).ConfigureAwait(false);
                        continue;
                    }
                    throw new DatabricksApiException($"Could not reach {what} at {where}: {e.GetBaseException().Message}", null, null, request.Method.Method, where, e);
                }
                using (response)
                {
                    var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    context.Verbose?.Invoke($"{request.Method} {where} -> {(int)response.StatusCode} ({(clock.Elapsed - started).TotalMilliseconds:F0} ms)");
                    var answer = Read(body);
                    if (response.IsSuccessStatusCode && !string.IsNullOrEmpty(answer?.AccessToken)) return new TokenResponseInfo(answer!.AccessToken!, ExpiresAt(answer));
                    // Throttled or failing for now (the metadata service answers 429 and 5xx under load): try again.
                    var transient = (int)response.StatusCode == 429 || (int)response.StatusCode >= 500;
                    if (transient && _retryPolicy.DelayBefore(attempt, clock.Elapsed, response) is TimeSpan delay)
                    {
                        await Task.Delay(delay, context.Cancellation).ConfigureAwait(false);
                        continue;
                    }
                    var reason = answer?.ErrorDescription ?? answer?.Error ?? (response.IsSuccessStatusCode ? "the answer holds no access token" : $"HTTP {(int)response.StatusCode}");
                    throw new DatabricksApiException($"{what} refused to give a token: {reason}", response.StatusCode, answer?.Error ?? "TokenRequestFailed",
                        request.Method.Method, where);
                }
            }
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
