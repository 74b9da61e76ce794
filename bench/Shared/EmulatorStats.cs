using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace DatabricksJobs.Bench;

/// <summary>
/// The emulator's request counter (GET /emulator/stats): the requests since it was last cleared, in all, by route
/// (e.g. "GET /api/2.2/jobs/runs/get") and by status (429s among them).
/// </summary>
internal sealed record EmulatorStats(long Total, Dictionary<string, long> ByRoute, Dictionary<string, long> ByStatus)
{
    public long Route(string route) => ByRoute.GetValueOrDefault(route);

    public long Status(int status) => ByStatus.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture));

    public static EmulatorStats Parse(string json)
    {
        var node = JsonNode.Parse(json)!;
        Dictionary<string, long> Map(string name) => node[name]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<long>());
        return new EmulatorStats(node["total"]!.GetValue<long>(), Map("by_route"), Map("by_status"));
    }
}

/// <summary>
/// Reads and clears the request counter of the emulator at a host, with its token, over a connection of its own (so
/// that reading it takes nothing from the connections a benchmark measures).
/// </summary>
internal sealed class EmulatorCounter : IDisposable
{
    private readonly HttpClient _http;

    public EmulatorCounter(string host, string token)
    {
        _http = new HttpClient { BaseAddress = new Uri(host) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public EmulatorStats Read() => EmulatorStats.Parse(_http.GetStringAsync("/emulator/stats").GetAwaiter().GetResult());

    public void Clear()
    {
        using var response = _http.DeleteAsync("/emulator/stats").GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
