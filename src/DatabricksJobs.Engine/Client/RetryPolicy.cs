using System;
using System.Net;
using System.Net.Http;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// When and how long to wait before trying a request again: 429 and 503 always (the service did not act), and
    /// other 5xx and connection failures when the request is safe to repeat; exponential backoff with jitter, or the
    /// server's Retry-After, as long as the time budget lasts.
    /// </summary>
    public sealed class RetryPolicy
    {
        private readonly Random _random = new Random();

        public RetryPolicy(TimeSpan budget, TimeSpan firstDelay, TimeSpan maxDelay)
        {
            Budget = budget;
            FirstDelay = firstDelay;
            MaxDelay = maxDelay;
        }

        public static RetryPolicy Default { get; } = new RetryPolicy(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        public TimeSpan Budget { get; }
        public TimeSpan FirstDelay { get; }
        public TimeSpan MaxDelay { get; }

        /// <summary>
        /// Whether an error answer is worth waiting out: 429 and 503 always (the service did not act), and the other 5xx
        /// when the request is repeatable (sending it again changes nothing more). 501 never passes.
        /// </summary>
        public static bool IsTransient(HttpStatusCode status, bool repeatable) =>
            (int)status == 429 || status == HttpStatusCode.ServiceUnavailable ||
            (repeatable && (int)status >= 500 && status != HttpStatusCode.NotImplemented);

        /// <summary>The wait an answer's Retry-After asks for (seconds or a date), if it has one.</summary>
        public static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var retryAfter = response.Headers.RetryAfter;
            if (retryAfter?.Delta is TimeSpan delta) return delta;
            if (retryAfter?.Date is DateTimeOffset date) return date - DateTimeOffset.UtcNow;
            return null;
        }

        /// <summary>The wait before attempt <paramref name="attempt"/> + 1, or null when the budget would be exceeded.</summary>
        public TimeSpan? DelayBefore(int attempt, TimeSpan elapsed, HttpResponseMessage? response)
        {
            TimeSpan delay;
            if (response is not null && RetryAfter(response) is TimeSpan asked) delay = asked;
            else
            {
                var exponential = FirstDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 16));
                double jitter;
                lock (_random) jitter = 0.5 + _random.NextDouble() / 2;
                delay = TimeSpan.FromMilliseconds(Math.Min(MaxDelay.TotalMilliseconds, exponential) * jitter);
            }
            if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
            return elapsed + delay > Budget ? (TimeSpan?)null : delay;
        }
    }
}
