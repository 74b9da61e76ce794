using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Model;
using Microsoft.AspNetCore.Http;

namespace DatabricksJobs.Emulator.Api;

/// <summary>What a handler gets: the caller, the API version, the query and the body, and the workspace.</summary>
public sealed class ApiRequest(HttpContext http, Workspace workspace, Caller caller, string apiVersion, byte[] body, string baseUrl)
{
    public Caller Caller { get; } = caller;
    public Workspace Workspace { get; } = workspace;
    public string BaseUrl { get; } = baseUrl;
    public HttpContext Http { get; } = http;

    /// <summary>Jobs API 2.2 pages the tasks of a job or run; 2.0 and 2.1 answer them whole.</summary>
    public bool Paged { get; } = apiVersion == "2.2";

    public T Body<T>(JsonTypeInfo<T> type) where T : new()
    {
        if (body.Length == 0) return new T();
        var document = ParseDocument();
        try
        {
            return document.Deserialize(type) ?? throw ApiException.Malformed("Invalid JSON given in the body of the request - expected an object");
        }
        catch (JsonException e)
        {
            throw ApiException.Malformed($"Invalid JSON given in the body of the request - {Describe(e)}");
        }
    }

    public JsonObject BodyObject()
    {
        if (body.Length == 0) return [];
        var document = ParseDocument();
        return document.ValueKind == JsonValueKind.Object
            ? JsonObject.Create(document)!
            : throw ApiException.Malformed("Invalid JSON given in the body of the request - expected an object");
    }

    /// <summary>
    /// Parses the body once and checks all of it, so that nothing later trips over it: a duplicate property
    /// or a string that is not valid UTF-16 (a lone surrogate escape) is a malformed request, as elsewhere.
    /// </summary>
    private JsonElement ParseDocument()
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 64 });
            CheckStrings(document.RootElement);
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw ApiException.Malformed($"Invalid JSON given in the body of the request - {Describe(e)}");
        }
        catch (InvalidOperationException)
        {
            throw ApiException.Malformed("Invalid JSON given in the body of the request - a string is not valid UTF-16");
        }
    }

    private static void CheckStrings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                element.GetString();
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) CheckStrings(item);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    CheckStrings(property.Value);
                }
                break;
        }
    }

    private static string Describe(JsonException e) =>
        e.Path is { Length: > 1 } path ? $"could not read field '{path.TrimStart('$', '.')}'" : "failed to parse given JSON";

    public string? QueryString(string name) =>
        Http.Request.Query.TryGetValue(name, out var values) && values.Count > 0 ? values[^1] : null;

    public long? QueryLong(string name)
    {
        var text = QueryString(name);
        if (string.IsNullOrEmpty(text)) return null;
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw ApiException.InvalidParameter($"Invalid value '{text}' for parameter {name}: expected an integer.");
    }

    public long RequiredQueryLong(string name) => QueryLong(name) ?? throw ApiException.MissingField(name);

    public bool QueryBool(string name)
    {
        var text = QueryString(name);
        if (string.IsNullOrEmpty(text)) return false;
        return bool.TryParse(text, out var value)
            ? value
            : throw ApiException.InvalidParameter($"Invalid value '{text}' for parameter {name}: expected true or false.");
    }

    /// <summary>An integer query parameter within [min, max], or the default when absent.</summary>
    public int QueryInt(string name, int @default, int min, int max)
    {
        var value = QueryLong(name) ?? @default;
        if (value < min || value > max)
            throw ApiException.InvalidParameter($"Invalid value {value} for parameter {name}: it must be between {min} and {max}.");
        return (int)value;
    }

    /// <summary>Runs <paramref name="action"/> alone in the workspace and answers an empty object, as the service does.</summary>
    public ApiResult AnswerEmpty(Action<Workspace> action) =>
        Answer(w =>
        {
            action(w);
            return EmptyResponse.Instance;
        }, EmulatorJsonContext.Default.EmptyResponse);

    /// <summary>
    /// Runs <paramref name="action"/> alone in the workspace, writes what changed to the state file, and serializes the
    /// answer there, so no tick changes it mid-way.
    /// </summary>
    public ApiResult Answer<T>(Func<Workspace, T> action, JsonTypeInfo<T> type) =>
        Workspace.Locked(() =>
        {
            var value = action(Workspace);
            Workspace.PersistIfNeeded(force: true);
            return ApiResult.Json(200, value, type);
        });

    /// <summary>
    /// Runs <paramref name="action"/>, which changes nothing, beside other reads, and serializes the answer there. While
    /// the simulation has changes not yet in the state file, it runs as <see cref="Answer{T}"/> does, after writing them,
    /// so that no answer shows what a kill could still lose.
    /// </summary>
    public ApiResult Read<T>(Func<Workspace, T> action, JsonTypeInfo<T> type) =>
        Workspace.Shared(() => Workspace.HasUnpersistedChanges ? (ApiResult?)null : ApiResult.Json(200, action(Workspace), type))
        ?? Answer(action, type);
}

/// <summary>A response ready to send.</summary>
public readonly record struct ApiResult(int Status, byte[] Body)
{
    public static ApiResult Json<T>(int status, T value, JsonTypeInfo<T> type) => new(status, JsonSerializer.SerializeToUtf8Bytes(value, type));
}
