using System;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// Sending with retries, shared by API requests and token requests. A request is sent again only when trying again
    /// can succeed: a transient status, or no answer for a reason that can pass (a reset, a timeout) when the request
    /// is safe to repeat; within the retry policy's budget. A name that does not resolve, a server that never answered
    /// refusing the connection, a failed TLS handshake and a redirect end it at once, with the cause. The call's deadline
    /// (-Timeout) ends it too: no attempt is sent after it, and one in flight then is abandoned as unanswered. Every attempt
    /// keeps its server's pace (HostPacer), shared by the whole process. Each attempt writes one verbose line (method,
    /// what, status, time), and one more when it is held.
    /// </summary>
    internal static class RetryingSender
    {
        /// <summary>
        /// The first answer that is not transient (the caller disposes it), with its body read, and whether an earlier
        /// attempt got no answer. <paramref name="build"/> makes a new request for each attempt; <paramref name="label"/>
        /// names it in verbose lines and errors and holds no secret; <paramref name="unreachable"/> begins the message of a
        /// connection failure ("Could not reach ..."). <paramref name="repeatable"/>: sending the request twice changes
        /// nothing more than sending it once.
        /// </summary>
        public static async Task<Answer> SendAsync(
            HttpClient http, RetryPolicy policy, Func<Task<HttpRequestMessage>> build, string label, string unreachable,
            bool repeatable, CallContext context)
        {
            var clock = Stopwatch.StartNew();
            var lostAnswer = false;
            string? lastFailure = null;
            DatabricksApiException OutOfTime(HttpMethod method) =>
                new DatabricksApiException($"{method} {label} {(lastFailure is null ? "was not sent" : $"got no usable answer (the last: {lastFailure})")}: the time given (-Timeout) ran out.",
                    null, null, method.Method, label) { OutcomeUnknown = lostAnswer && !repeatable, AfterLostAnswer = lostAnswer, DeadlinePassed = true };
            for (var attempt = 1; ; attempt++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                using var request = await build().ConfigureAwait(false);
                var target = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(http.BaseAddress!, request.RequestUri);
                var origin = target.GetLeftPart(UriPartial.Authority);
                // Every attempt keeps the server's pace, shared with every other request to it in the process.
                var pacer = HostPacer.For(origin);
                for (var turn = pacer.Turn(firstAsk: true); turn.Wait > TimeSpan.Zero; turn = pacer.Turn(firstAsk: false))
                {
                    if (!await WaitAsync(turn.Wait, $"Holding {request.Method} {label} {Ms(turn.Wait)}", turn.Why!, context).ConfigureAwait(false)) throw OutOfTime(request.Method);
                }
                var left = context.Deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) throw OutOfTime(request.Method);
                var started = clock.Elapsed;
                HttpResponseMessage response;
                using var attemptEnds = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
                // CancelAfter takes at most int.MaxValue ms (24 days); a deadline further away is no deadline.
                if (left is TimeSpan time && time.TotalMilliseconds < int.MaxValue) attemptEnds.CancelAfter(time);
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attemptEnds.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException e) when (attemptEnds.IsCancellationRequested && !context.Cancellation.IsCancellationRequested)
                {
                    // The deadline passed with the request in flight: it may have arrived, and its answer is not waited for.
                    context.Verbose?.Invoke($"{request.Method} {label} -> no answer before the time given ran out ({Ms(clock.Elapsed - started)})");
                    var maybe = repeatable ? "" : ": the workspace may or may not have acted on it, and it is not sent again";
                    throw new DatabricksApiException($"No answer to {request.Method} {label} before the time given (-Timeout) ran out{maybe}.",
                        null, null, request.Method.Method, label, e) { OutcomeUnknown = !repeatable, AfterLostAnswer = true, DeadlinePassed = true };
                }
                catch (Exception e) when (!context.Cancellation.IsCancellationRequested && (e is HttpRequestException || e is System.IO.IOException || e is OperationCanceledException))
                {
                    var failure = ConnectionFailure.Classify(e, target, pacer.HasAnswered, http.Timeout);
                    lastFailure = failure.Cause;
                    context.Verbose?.Invoke($"{request.Method} {label} -> no answer after {Ms(clock.Elapsed - started)}: {failure.Cause}");
                    if (failure.MayHaveArrived && !repeatable)
                    {
                        throw new DatabricksApiException(
                            $"No answer to {request.Method} {label} ({failure.Cause}): the workspace may or may not have acted on it, and it is not sent again.",
                            null, null, request.Method.Method, label, e) { OutcomeUnknown = true, AfterLostAnswer = lostAnswer };
                    }
                    lostAnswer |= failure.MayHaveArrived;
                    var wait = failure.Permanent ? null : policy.DelayBefore(attempt, clock.Elapsed, null);
                    if (wait is null)
                    {
                        var tried = attempt == 1 ? "" : $" (tried {attempt} times in {clock.Elapsed.TotalSeconds:F0} s)";
                        throw new DatabricksApiException($"{unreachable}: {failure.Cause}{tried}.", null, null, request.Method.Method, label, e)
                            { OutcomeUnknown = lostAnswer && !repeatable, AfterLostAnswer = lostAnswer };
                    }
                    if (!await WaitAsync(wait.Value, $"Retrying in {Ms(wait.Value)} (attempt {attempt + 1})", null, context).ConfigureAwait(false)) throw OutOfTime(request.Method);
                    continue;
                }

                if ((int)response.StatusCode == 429) pacer.Throttled(RetryPolicy.RetryAfter(response));
                else pacer.Answered();
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                context.Verbose?.Invoke($"{request.Method} {label} -> {(int)response.StatusCode} ({Ms(clock.Elapsed - started)})");
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    // Redirects are not followed (the handler is told not to): a followed redirect would carry the request's
                    // credentials to wherever it points, and neither the Jobs API nor the token endpoints send one.
                    var status = response.StatusCode;
                    var location = response.Headers.Location is { } to ? Describe(to.IsAbsoluteUri ? to : new Uri(target, to)) : "nowhere";
                    response.Dispose();
                    throw new DatabricksApiException(
                        $"{request.Method} {label} was answered with a redirect ({(int)status}) to {location}, which is not followed, so that no credential goes " +
                        "where it was not sent. If that is the right place, use its URL.", status, "REDIRECT_NOT_FOLLOWED", request.Method.Method, label)
                        { AfterLostAnswer = lostAnswer };
                }
                if (!response.IsSuccessStatusCode && RetryPolicy.IsTransient(response.StatusCode, repeatable) && policy.DelayBefore(attempt, clock.Elapsed, response) is TimeSpan delay)
                {
                    lastFailure = $"HTTP {(int)response.StatusCode}";
                    response.Dispose();
                    if (!await WaitAsync(delay, $"Retrying in {Ms(delay)} (attempt {attempt + 1})", null, context).ConfigureAwait(false)) throw OutOfTime(request.Method);
                    continue;
                }
                return new Answer(response, body, lostAnswer);
            }
        }

        /// <summary>
        /// What <see cref="SendAsync"/> answers. A class, not a tuple: a task of a value type is code .NET compiles at run
        /// time in every process, on the first request's path (bench/README.md, cold start), where a class's is precompiled.
        /// </summary>
        public sealed class Answer(HttpResponseMessage response, byte[] body, bool afterLostAnswer)
        {
            public HttpResponseMessage Response { get; } = response;
            public byte[] Body { get; } = body;
            /// <summary>Whether an earlier attempt got no answer, so that the request may have arrived more than once.</summary>
            public bool AfterLostAnswer { get; } = afterLostAnswer;

            public void Deconstruct(out HttpResponseMessage response, out byte[] body, out bool afterLostAnswer) =>
                (response, body, afterLostAnswer) = (Response, Body, AfterLostAnswer);
        }

        /// <summary>A redirect's target without user info or query, which may hold secrets.</summary>
        private static string Describe(Uri uri) => uri.Scheme + "://" + uri.Authority + uri.AbsolutePath;

        /// <summary>
        /// Waits <paramref name="wait"/> before an attempt (a retry's delay, or a hold for the server's pace: see HostPacer),
        /// and says whether it may then be sent: a wait that would pass the deadline ends there instead (the request is given
        /// up at the deadline, not before), and no attempt follows. <paramref name="what"/> and <paramref name="why"/> say
        /// on the Verbose stream what the wait is.
        /// </summary>
        private static async Task<bool> WaitAsync(TimeSpan wait, string what, string? why, CallContext context)
        {
            if (context.Deadline - DateTime.UtcNow is TimeSpan left && left < wait)
            {
                context.Verbose?.Invoke($"{what}{(why is null ? "" : $" ({why})")} would pass the time given; waiting {Ms(left)} for it to run out.");
                if (left > TimeSpan.Zero) await Task.Delay(left, context.Cancellation).ConfigureAwait(false);
                return false;
            }
            context.Verbose?.Invoke($"{what}{(why is null ? "" : $": {why}")}.");
            await Task.Delay(wait, context.Cancellation).ConfigureAwait(false);
            return true;
        }

        private static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:F0} ms";
    }
}
