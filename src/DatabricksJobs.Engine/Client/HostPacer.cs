using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
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
        /// <summary>When the answers of the last second came (Stopwatch ticks), to set a pace from.</summary>
        private readonly Queue<long> _answers = new Queue<long>();
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
        public (TimeSpan Wait, string? Why) Turn(bool firstAsk)
        {
            lock (_gate)
            {
                var now = Now;
                if (_perSecond > 0 && now - _lastThrottled > Quiet) _perSecond = 0;
                var held = _heldUntil > now;
                if (!firstAsk && !held) return (TimeSpan.Zero, null);
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
                return start > now ? (TimeSpan.FromSeconds((double)(start - now) / Second), why) : (TimeSpan.Zero, null);
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
                _answers.Enqueue(now);
                while (_answers.Count > 0 && now - _answers.Peek() > Second) _answers.Dequeue();
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
                while (_answers.Count > 0 && now - _answers.Peek() > Second) _answers.Dequeue();
                var given = _perSecond > 0 ? Math.Min(_perSecond, _answers.Count) : _answers.Count;
                _perSecond = Math.Max(SlowestPace, given);
            }
        }
    }
}
