using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>A response: status, headers and the parsed JSON body.</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonNode? Json, HttpResponseHeaders Headers, string Text)
{
    public string? ErrorCode => Json?["error_code"]?.GetValue<string>();

    /// <summary>Fails the test with the body when the call did not succeed.</summary>
    public JsonNode Ok()
    {
        Assert.True(Status == HttpStatusCode.OK, $"Expected 200, got {(int)Status}: {Text}");
        return Json!;
    }

    public void AssertError(HttpStatusCode status, string errorCode)
    {
        Assert.True(Status == status && ErrorCode == errorCode, $"Expected {(int)status} {errorCode}, got {(int)Status}: {Text}");
        Assert.False(string.IsNullOrEmpty(Json?["message"]?.GetValue<string>()), "An error body carries a message.");
    }
}

/// <summary>A thin HTTP client for one token, with the helpers the tests share.</summary>
public sealed class ApiClient(string baseUrl, string? token) : IDisposable
{
    public const string Api = "/api/2.2";
    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };

    public string BaseUrl => baseUrl;

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiResponse> PostAsync(string path, JsonNode? body) => SendAsync(HttpMethod.Post, path, body?.ToJsonString() ?? "");

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (text.Length > 0) json = JsonNode.Parse(text);
        return new ApiResponse(response.StatusCode, json, response.Headers, text);
    }

    public async Task<long> CreateJobAsync(JsonObject settings) =>
        (await PostAsync($"{Api}/jobs/create", settings)).Ok()["job_id"]!.GetValue<long>();

    public async Task<long> RunNowAsync(long jobId, JsonObject? extra = null)
    {
        var body = extra ?? [];
        body["job_id"] = jobId;
        return (await PostAsync($"{Api}/jobs/run-now", body)).Ok()["run_id"]!.GetValue<long>();
    }

    public async Task<JsonNode> GetRunAsync(long runId, string query = "") =>
        (await GetAsync($"{Api}/jobs/runs/get?run_id={runId}{query}")).Ok();

    /// <summary>Polls a run until it is TERMINATED, SKIPPED or INTERNAL_ERROR, and answers it.</summary>
    public async Task<JsonNode> WaitForRunAsync(long runId, double timeoutSeconds = 20, string query = "")
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var run = await GetRunAsync(runId, query);
            if (run["state"]!["life_cycle_state"]!.GetValue<string>() is "TERMINATED" or "SKIPPED" or "INTERNAL_ERROR") return run;
            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} did not end within {timeoutSeconds}s: {run.ToJsonString()}");
            await Task.Delay(25);
        }
    }

    /// <summary>Polls a run until <paramref name="condition"/> holds.</summary>
    public async Task<JsonNode> WaitForAsync(long runId, Func<JsonNode, bool> condition, double timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var run = await GetRunAsync(runId);
            if (condition(run)) return run;
            Assert.True(DateTime.UtcNow < deadline, $"Run {runId} did not reach the expected state within {timeoutSeconds}s: {run.ToJsonString()}");
            await Task.Delay(20);
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A request written byte for byte, for what HttpClient will not send: broken framing.</summary>
public static class RawHttp
{
    public static async Task<(int Status, string Body)> SendAsync(string baseUrl, string request)
    {
        var uri = new Uri(baseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        // Connection: close, so the answer is all that comes back.
        var text = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var status = int.Parse(text.Split(' ', 3)[1]);
        var body = text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (status, body);
    }
}

public static class Json
{
    public static string Str(this JsonNode? node) => node!.GetValue<string>();
    public static long Long(this JsonNode? node) => node!.GetValue<long>();

    public static string LifeCycle(this JsonNode run) => run["state"]!["life_cycle_state"].Str();
    public static string? Result(this JsonNode run) => run["state"]!["result_state"]?.GetValue<string>();

    /// <summary>The latest attempt of each task of a run, by task key.</summary>
    public static Dictionary<string, JsonNode> TasksByKey(this JsonNode run)
    {
        var tasks = new Dictionary<string, JsonNode>();
        foreach (var task in run["tasks"]!.AsArray()) tasks[task!["task_key"].Str()] = task;
        return tasks;
    }

    /// <summary>A notebook task, with base parameters.</summary>
    public static JsonObject Notebook(string key, Dictionary<string, string>? parameters = null, params string[] dependsOn)
    {
        var task = new JsonObject
        {
            ["task_key"] = key,
            ["notebook_task"] = new JsonObject
            {
                ["notebook_path"] = $"/Workspace/tests/{key}",
                ["base_parameters"] = new JsonObject((parameters ?? []).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            },
        };
        if (dependsOn.Length > 0) task["depends_on"] = new JsonArray(dependsOn.Select(d => (JsonNode)new JsonObject { ["task_key"] = d }).ToArray());
        return task;
    }

    public static JsonObject Job(string name, params JsonObject[] tasks) => new() { ["name"] = name, ["tasks"] = new JsonArray(tasks) };
}
