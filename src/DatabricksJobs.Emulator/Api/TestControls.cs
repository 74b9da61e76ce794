using System.Text.RegularExpressions;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Emulator.Api;

/// <summary>Faults armed for coming requests. Thread-safe.</summary>
public sealed class FaultInjector
{
    private readonly List<FaultSpec> _armed = [];

    public void Arm(FaultSpec fault)
    {
        if (fault.Probability is { } probability && !(probability > 0 && probability <= 1))
            throw ApiException.InvalidParameter("probability must be more than 0 and at most 1.");
        if (fault.Count < 1) throw ApiException.InvalidParameter("count must be at least 1.");
        if (fault.RetryAfterSeconds is < 0 or > 86_400) throw ApiException.InvalidParameter("retry_after_seconds must be between 0 and 86400.");
        if (fault.Body is null && fault.Status is { } status && (status < 400 || status > 599))
            throw ApiException.InvalidParameter("status must be an HTTP error status (400 to 599).");
        if (fault.Body is not null && fault.Status is { } answered && (answered < 200 || answered > 599))
            throw ApiException.InvalidParameter("status must be between 200 and 599 with a body.");
        if (fault.Body is not null && fault.DropConnection == true)
            throw ApiException.InvalidParameter("A fault answers with a body or drops the connection, not both.");
        if (fault.ContentType is not null && fault.Body is null) throw ApiException.InvalidParameter("content_type goes only with a body.");
        if (fault.RetryAfterSeconds is not null && fault.Status is null && fault.Body is null)
            throw ApiException.InvalidParameter("retry_after_seconds goes only with a status or a body (the answer it is sent with).");
        if (fault.Body is not null && (fault.ErrorCode ?? fault.Message) is not null)
            throw ApiException.InvalidParameter("error_code and message go with a status fault, not with a body (the body is the whole answer).");
        if (fault.Status is null && fault.Body is null && fault.DelayMs is null or 0 && fault.DropConnection != true)
            throw ApiException.InvalidParameter("A fault needs status, body, delay_ms or drop_connection.");
        if (fault.DelayMs is < 0 or > 600_000) throw ApiException.InvalidParameter("delay_ms must be between 0 and 600000.");
        // Without a probability a fault is used up after count uses (one by default); with one, only if count is given.
        if (fault.Probability is null) fault.Count ??= 1;
        lock (_armed) _armed.Add(fault);
    }

    public FaultList List()
    {
        // Copies, so that a use taken while the list is written out does not change it half-way.
        lock (_armed) return new FaultList { Faults = _armed.Select(f => f.Copy()).ToList() };
    }

    public void Clear()
    {
        lock (_armed) _armed.Clear();
    }

    /// <summary>
    /// Takes one use of the first armed fault, in the order armed, that matches the request and, if it has a
    /// probability, whose roll of the dice comes up; a fault whose roll fails leaves the request to the next one.
    /// </summary>
    public FaultSpec? Take(string method, string path)
    {
        lock (_armed)
        {
            for (var i = 0; i < _armed.Count; i++)
            {
                var fault = _armed[i];
                if (!Matches(fault, method, path)) continue;
                if (fault.Probability is { } probability && Random.Shared.NextDouble() >= probability) continue;
                if (fault.Count is { } count)
                {
                    fault.Count = count - 1;
                    if (count <= 1) _armed.RemoveAt(i);
                }
                return fault;
            }
            return null;
        }
    }

    /// <summary>A fault's path matches exactly, or, given without an /api/x.y prefix, under any API version.</summary>
    private static bool Matches(FaultSpec fault, string method, string path) =>
        (fault.Method is null || string.Equals(fault.Method, method, StringComparison.OrdinalIgnoreCase)) &&
        (fault.Path is null || string.Equals(fault.Path.TrimEnd('/'), path, StringComparison.OrdinalIgnoreCase) ||
         (!fault.Path.StartsWith("/api/", StringComparison.Ordinal) &&
          path.EndsWith(fault.Path.TrimEnd('/'), StringComparison.OrdinalIgnoreCase) && Regex.IsMatch(path, @"^/api/2\.\d/")));
}

/// <summary>Counts the requests served, by route and by status, for tests and benchmarks. Thread-safe.</summary>
public sealed partial class RequestCounter
{
    private readonly object _gate = new();
    private RequestStats _stats = new();

    [GeneratedRegex(@"/\d+(?=/|$)")]
    private static partial Regex NumericSegment();

    public void Count(string method, string path, int status)
    {
        var route = $"{method} {NumericSegment().Replace(path, "/{id}")}";
        lock (_gate)
        {
            _stats.Total++;
            _stats.ByRoute[route] = _stats.ByRoute.GetValueOrDefault(route) + 1;
            var code = status.ToString();
            _stats.ByStatus[code] = _stats.ByStatus.GetValueOrDefault(code) + 1;
        }
    }

    public RequestStats Snapshot()
    {
        lock (_gate)
        {
            return new RequestStats { Total = _stats.Total, ByRoute = new(_stats.ByRoute), ByStatus = new(_stats.ByStatus) };
        }
    }

    public void Clear()
    {
        lock (_gate) _stats = new RequestStats();
    }
}

/// <summary>Requests per second per token, answered with 429 past the limit as a real workspace does. Thread-safe.</summary>
public sealed class RateLimiter(int perSecond)
{
    private readonly Dictionary<string, (long Second, int Count)> _windows = [];

    public bool Allow(string token, long nowMs)
    {
        if (perSecond <= 0) return true;
        var second = nowMs / 1000;
        lock (_windows)
        {
            var window = _windows.GetValueOrDefault(token);
            window = window.Second == second ? (second, window.Count + 1) : (second, 1);
            _windows[token] = window;
            return window.Count <= perSecond;
        }
    }
}
