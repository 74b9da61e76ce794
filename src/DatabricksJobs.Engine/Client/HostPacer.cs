using System;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// The pace of the requests to one server (scheme://host:port), shared by every client, session and runspace of the
    /// process, so that a burst meets fewer 429s. Until the server answers 429, requests go as fast as they come. A 429's
    /// Retry-After then holds every request to that server until it has passed, rather than each meeting a 429 of its own;
    /// and the 429 sets a pace: the answers the server gave in the second before it (at least <see cref="SlowestPace"/> a
    /// second), which is what it allows, or this process's share of it. A later 429 lowers it again (one a second: a
    /// burst's 429s are one signal). Thirty seconds without a 429 lift it. Against the emulator's 30 requests/s the pace
    /// meets one 429 where bursting met one a second (bench/README.md). Thread-safe.
    /// </summary>
    internal sealed class HostPacer
    {
        private const double SlowestPace = 5;
        private static readonly long Second = Stopwatch.Frequency;
        private static readonly long Quiet = 30 * Stopwatch.Frequency;
        private static readonly ConcurrentDictionary<string, HostPacer> Servers = new ConcurrentDictionary<string, HostPacer>(StringComparer.OrdinalIgnoreCase);

        private readonly object _gate = new object();
        /// <summary>
        /// When the answers of the last second came (Stopwatch ticks), to set a pace from: a ring of the newest
        /// <see cref="_answerCount"/> from <see cref="_firstAnswer"/>, grown as needed and never shrunk (a long a request of the
        /// busiest second seen). (A Queue of long is code .NET compiles at run time in every process, on the first request's
        /// path; see bench/README.md, cold start.)
        /// </summary>
        private long[] _answers = new long[64];
        private int _firstAnswer, _answerCount;
        private double _perSecond;
        private long _nextStart, _heldUntil, _lastThrottled = long.MinValue / 2, _lastLowered = long.MinValue / 2;

        private HostPacer(string origin) => Origin = origin;

        public string Origin { get; }

        /// <summary>The pacer of the server at <paramref name="origin"/> (scheme://host:port), the same for the whole process.</summary>
        public static HostPacer For(string origin) => Servers.GetOrAdd(origin, o => new HostPacer(o));

        private static long Now => Stopwatch.GetTimestamp();

        /// <summary>
        /// How long a request must wait before it is sent, and why (null when it need not). An attempt asks once with
        /// <paramref name="firstAsk"/> and takes its place in the pace; after its wait it asks again, and is held (and
        /// placed anew) only if a 429 set a hold meanwhile, so that the requests a hold releases are paced too.
        /// </summary>
        public PaceTurn Turn(bool firstAsk)
        {
            lock (_gate)
            {
                var now = Now;
                if (_perSecond > 0 && now - _lastThrottled > Quiet) _perSecond = 0;
                var held = _heldUntil > now;
                if (!firstAsk && !held) return default;
                var start = Math.Max(now, _heldUntil);
                var why = held ? $"{Origin} asked to wait (429, Retry-After)" : null;
                if (_perSecond > 0)
                {
                    if (_nextStart > start)
                    {
                        start = _nextStart;
                        why ??= $"requests to {Origin} are paced at {_perSecond:F0} a second since it answered 429";
                    }
                    _nextStart = start + (long)(Second / _perSecond);
                }
                return start > now ? new PaceTurn(TimeSpan.FromSeconds((double)(start - now) / Second), why) : default;
            }
        }

        /// <summary>Whether the server answered in this process, 429 or not; see <see cref="ConnectionFailure.Classify"/>.</summary>
        public bool HasAnswered => _hasAnswered;

        private volatile bool _hasAnswered;

        /// <summary>An answer other than 429: counted, to set a pace from should a 429 follow.</summary>
        public void Answered()
        {
            _hasAnswered = true;
            lock (_gate)
            {
                var now = Now;
                ForgetAnswersBefore(now - Second);
                if (_answerCount == _answers.Length)
                {
                    var grown = new long[2 * _answers.Length];
                    for (var i = 0; i < _answerCount; i++) grown[i] = _answers[(_firstAnswer + i) % _answers.Length];
                    (_answers, _firstAnswer) = (grown, 0);
                }
                _answers[(_firstAnswer + _answerCount++) % _answers.Length] = now;
            }
        }

        /// <summary>A 429: hold every request until <paramref name="retryAfter"/> has passed, and pace them from now on.</summary>
        public void Throttled(TimeSpan? retryAfter)
        {
            _hasAnswered = true;
            lock (_gate)
            {
                var now = Now;
                _lastThrottled = now;
                if (retryAfter is TimeSpan wait && wait > TimeSpan.Zero)
                    _heldUntil = Math.Max(_heldUntil, now + (long)(wait.TotalSeconds * Second));
                if (now - _lastLowered < Second) return;
                _lastLowered = now;
                ForgetAnswersBefore(now - Second);
                var given = _perSecond > 0 ? Math.Min(_perSecond, _answerCount) : _answerCount;
                _perSecond = Math.Max(SlowestPace, given);
            }
        }

        private void ForgetAnswersBefore(long time)
        {
            while (_answerCount > 0 && _answers[_firstAnswer] < time)
            {
                _firstAnswer = (_firstAnswer + 1) % _answers.Length;
                _answerCount--;
            }
        }
    }

    /// <summary>How long a request waits for its turn (zero: none), and why.</summary>
    internal readonly struct PaceTurn(TimeSpan wait, string? why)
    {
        public TimeSpan Wait { get; } = wait;
        public string? Why { get; } = why;
    }
}
