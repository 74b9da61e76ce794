using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// Sending with retries, shared by API requests and token requests: a request is sent again while the answer is a
    /// transient status or, when it is safe to repeat, no answer came, within the retry policy's budget; each attempt
    /// writes one verbose line (method, what, status, time).
    /// </summary>
    internal static class RetryingSender
    {
        /// <summary>
        /// The first answer that is not transient (the caller disposes it), with its body read. <paramref name="build"/>
        /// makes a new request for each attempt; <paramref name="label"/> names it in verbose lines and errors and holds
        /// no secret.
        /// </summary>
        public static async Task<(HttpResponseMessage Response, byte[] Body)> SendAsync(
            HttpClient http, RetryPolicy policy, Func<Task<HttpRequestMessage>> build, string label, string unreachable,
            Func<HttpStatusCode, bool> isTransient, bool retryOnConnectionFailure, CallContext context)
        {
            var clock = Stopwatch.StartNew();
            for (var attempt = 1; ; attempt++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                using var request = await build().ConfigureAwait(false);
                var started = clock.Elapsed;
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.Cancellation).ConfigureAwait(false);
                }
                catch (Exception e) when (IsConnectionFailure(e, context.Cancellation))
                {
                    context.Verbose?.Invoke($"{request.Method} {label} -> no answer after {Ms(clock.Elapsed - started)}: {e.GetBaseException().Message}");
                    var wait = retryOnConnectionFailure ? policy.DelayBefore(attempt, clock.Elapsed, null) : null;
                    if (wait is null)
                        throw new DatabricksApiException($"{unreachable}: {e.GetBaseException().Message}", null, null, request.Method.Method, label, e);
                    await WaitAsync(wait.Value, attempt, context).ConfigureAwait(false);
                    continue;
                }

                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                context.Verbose?.Invoke($"{request.Method} {label} -> {(int)response.StatusCode} ({Ms(clock.Elapsed - started)})");
                if (!response.IsSuccessStatusCode && isTransient(response.StatusCode) && policy.DelayBefore(attempt, clock.Elapsed, response) is TimeSpan delay)
                {
                    response.Dispose();
                    await WaitAsync(delay, attempt, context).ConfigureAwait(false);
                    continue;
                }
                return (response, body);
            }
        }

        private static async Task WaitAsync(TimeSpan delay, int attempt, CallContext context)
        {
            context.Verbose?.Invoke($"Retrying in {Ms(delay)} (attempt {attempt + 1}).");
            await Task.Delay(delay, context.Cancellation).ConfigureAwait(false);
        }

        private static bool IsConnectionFailure(Exception e, CancellationToken cancellation) =>
            !cancellation.IsCancellationRequested && (e is HttpRequestException || e is IOException || e is TaskCanceledException);

        private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:F0} ms";
    }
}
