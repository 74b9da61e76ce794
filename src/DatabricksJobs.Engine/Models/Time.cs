using System;

namespace DatabricksJobs.Models
{
    /// <summary>The API's epoch milliseconds as PowerShell's own types.</summary>
    internal static class Time
    {
        /// <summary>Local time, as Get-Date shows it; null for the API's 0 ("not yet").</summary>
        public static DateTime? FromEpochMs(long? ms) =>
            ms is long value && value > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(value).LocalDateTime : (DateTime?)null;

        public static long ToEpochMs(DateTime time) => new DateTimeOffset(time.ToUniversalTime()).ToUnixTimeMilliseconds();

        public static TimeSpan? Duration(long? startMs, long? endMs, long? durationMs)
        {
            if (durationMs is long d && d > 0) return TimeSpan.FromMilliseconds(d);
            if (startMs is long s && s > 0 && endMs is long e && e >= s) return TimeSpan.FromMilliseconds(e - s);
            return null;
        }
    }
}
