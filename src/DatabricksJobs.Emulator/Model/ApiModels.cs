using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Emulator.Model;

// The Jobs API's own types, named as the API names them. JSON names come from the snake_case
// naming policy of EmulatorJsonContext; fields that are null are left out, as the service does.

public sealed class ErrorBody
{
    public required string ErrorCode { get; init; }
    public required string Message { get; init; }
}

public sealed class Job
{
    public long JobId { get; set; }
    public string? CreatorUserName { get; set; }
    public string? RunAsUserName { get; set; }
    public long CreatedTime { get; set; }
    public JsonObject? Settings { get; set; }
    public JsonObject? TriggerState { get; set; }
    public JsonArray? TriggerDetails { get; set; }
    public bool? HasMore { get; set; }
    public string? NextPageToken { get; set; }
}

public sealed class ListJobsResponse
{
    public List<Job>? Jobs { get; set; }
    public bool HasMore { get; set; }
    public string? NextPageToken { get; set; }
    public string? PrevPageToken { get; set; }
}

public sealed class CreateResponse { public long JobId { get; set; } }
public sealed class RunNowResponse { public long RunId { get; set; } public long NumberInJob { get; set; } }
public sealed class SubmitRunResponse { public long RunId { get; set; } }
public sealed class RepairRunResponse { public long RepairId { get; set; } }
public sealed class EmptyResponse { public static readonly EmptyResponse Instance = new(); }

public sealed class RunState
{
    public string? LifeCycleState { get; set; }
    public string? ResultState { get; set; }
    public string? StateMessage { get; set; }
    public bool UserCancelledOrTimedout { get; set; }
    public string? QueueReason { get; set; }
}

public sealed class TerminationDetails
{
    public string? Code { get; set; }
    public string? Type { get; set; }
    public string? Message { get; set; }
}

public sealed class QueueDetails
{
    public string? Code { get; set; }
    public string? Message { get; set; }
}

/// <summary>The 2.2 status of a run or task run.</summary>
public sealed class RunStatus
{
    public string? State { get; set; }
    public TerminationDetails? TerminationDetails { get; set; }
    public QueueDetails? QueueDetails { get; set; }
}

public sealed class JobParameter
{
    public string? Name { get; set; }
    public string? Default { get; set; }
    public string? Value { get; set; }
}

/// <summary>The overrides a run shows as <c>overriding_parameters</c>.</summary>
public class RunParameters
{
    public Dictionary<string, string>? NotebookParams { get; set; }
    public List<string>? PythonParams { get; set; }
    public List<string>? JarParams { get; set; }
    public List<string>? SparkSubmitParams { get; set; }
    public Dictionary<string, string>? PythonNamedParams { get; set; }
    public Dictionary<string, string>? SqlParams { get; set; }
    public List<string>? DbtCommands { get; set; }
    public JsonObject? PipelineParams { get; set; }

    public bool IsEmpty => this is
        { NotebookParams: null, PythonParams: null, JarParams: null, SparkSubmitParams: null, PythonNamedParams: null, SqlParams: null, DbtCommands: null, PipelineParams: null };
}

/// <summary>
/// The overrides of run-now and repair: RunParameters plus job_parameters. Written as a RunParameters
/// (overriding_parameters), only the base fields appear, as serialization follows the declared type.
/// </summary>
public class RunOverrides : RunParameters
{
    public Dictionary<string, string>? JobParameters { get; set; }
    public string? PerformanceTarget { get; set; }
}

public sealed class ClusterInstance
{
    public string? ClusterId { get; set; }
    public string? SparkContextId { get; set; }
}

/// <summary>One task run. The task's own settings (task type, depends_on, run_if, ...) travel as extension data.</summary>
public sealed class RunTask
{
    public long RunId { get; set; }
    public string TaskKey { get; set; } = "";
    public int AttemptNumber { get; set; }
    public long StartTime { get; set; }
    public long EndTime { get; set; }
    public long SetupDuration { get; set; }
    public long ExecutionDuration { get; set; }
    public long CleanupDuration { get; set; }
    public long? RunDuration { get; set; }
    public long? QueueDuration { get; set; }
    public RunState? State { get; set; }
    public RunStatus? Status { get; set; }
    public string? RunPageUrl { get; set; }
    public ClusterInstance? ClusterInstance { get; set; }

    private JsonObject? _spec;

    /// <summary>
    /// The task's settings as the simulation reads them. Read requests share the workspace lock, so the first reads
    /// after a load may build it at once: every one of them answers the copy that is kept.
    /// </summary>
    [JsonIgnore]
    public JsonObject? Spec
    {
        get => _spec ?? (SpecFields is null ? null : Interlocked.CompareExchange(ref _spec, FromFields(SpecFields), null) ?? _spec);
        set
        {
            _spec = value;
            SpecFields = value is null ? null : ToFields(value);
        }
    }

    /// <summary>
    /// The task's settings written beside the run fields. A JsonObject extension-data property is written
    /// nested, not flattened (dotnet/runtime#97225), so the JSON goes through JsonElement values.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? SpecFields { get; set; }

    private static Dictionary<string, JsonElement> ToFields(JsonObject spec) =>
        spec.ToDictionary(kv => kv.Key, kv => JsonDocument.Parse(kv.Value?.ToJsonString() ?? "null").RootElement.Clone());

    private static JsonObject FromFields(Dictionary<string, JsonElement> fields)
    {
        var spec = new JsonObject();
        foreach (var (key, value) in fields) spec[key] = JsonNode.Parse(value.GetRawText());
        return spec;
    }
}

public sealed class RepairHistoryItem
{
    public long Id { get; set; }
    public string? Type { get; set; }
    public long StartTime { get; set; }
    public long EndTime { get; set; }
    public RunState? State { get; set; }
    public RunStatus? Status { get; set; }
    public List<long>? TaskRunIds { get; set; }
}

public sealed class Run
{
    public long? JobId { get; set; }
    public long RunId { get; set; }
    public long? NumberInJob { get; set; }
    public long? OriginalAttemptRunId { get; set; }
    public string? CreatorUserName { get; set; }
    public string? RunName { get; set; }
    public string? RunType { get; set; }
    public string? Trigger { get; set; }
    public long StartTime { get; set; }
    public long EndTime { get; set; }
    public long SetupDuration { get; set; }
    public long ExecutionDuration { get; set; }
    public long CleanupDuration { get; set; }
    public long? RunDuration { get; set; }
    public long? QueueDuration { get; set; }
    public int AttemptNumber { get; set; }
    public RunState? State { get; set; }
    public RunStatus? Status { get; set; }
    public string? RunPageUrl { get; set; }
    public string? Description { get; set; }
    public string? EffectivePerformanceTarget { get; set; }
    public List<RunTask>? Tasks { get; set; }
    /// <summary>The runs of a for-each task's nested task, one per input: runs/get of the for-each task run shows them.</summary>
    public List<RunTask>? Iterations { get; set; }
    public JsonArray? JobClusters { get; set; }
    public JsonObject? GitSource { get; set; }
    public List<JobParameter>? JobParameters { get; set; }
    public RunParameters? OverridingParameters { get; set; }
    public List<RepairHistoryItem>? RepairHistory { get; set; }
    public bool? HasMore { get; set; }
    public string? NextPageToken { get; set; }

    /// <summary>A copy that shares nothing mutable at the top level, for trimming a response.</summary>
    public Run ShallowCopy() => (Run)MemberwiseClone();
}

public sealed class ListRunsResponse
{
    public List<Run>? Runs { get; set; }
    public bool HasMore { get; set; }
    public string? NextPageToken { get; set; }
    public string? PrevPageToken { get; set; }
}

public sealed class NotebookOutput
{
    public string? Result { get; set; }
    public bool Truncated { get; set; }
}

public sealed class RunOutput
{
    public Run? Metadata { get; set; }
    public NotebookOutput? NotebookOutput { get; set; }
    public string? Error { get; set; }
    public string? ErrorTrace { get; set; }
    public string? Logs { get; set; }
    public bool? LogsTruncated { get; set; }
}

public sealed class ViewItem
{
    public string? Name { get; set; }
    public string? Type { get; set; }
    public string? Content { get; set; }
}

public sealed class ExportRunOutput { public List<ViewItem> Views { get; set; } = []; }

public sealed class ScimUser
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("userName")] public string UserName { get; set; } = "";
    [JsonPropertyName("displayName")] public string DisplayName { get; set; } = "";
    [JsonPropertyName("active")] public bool Active { get; set; } = true;
    [JsonPropertyName("schemas")] public List<string> Schemas { get; set; } = ["urn:ietf:params:scim:schemas:core:2.0:User"];
}

// Requests. Unknown fields are ignored, wrong types fail to bind (400 MALFORMED_REQUEST).

public sealed class JobIdRequest { public long? JobId { get; set; } }
public sealed class RunIdRequest { public long? RunId { get; set; } }

public sealed class UpdateJobRequest
{
    public long? JobId { get; set; }
    public JsonObject? NewSettings { get; set; }
    public List<string>? FieldsToRemove { get; set; }
}

public sealed class ResetJobRequest
{
    public long? JobId { get; set; }
    public JsonObject? NewSettings { get; set; }
}

public sealed class QueueSettings { public bool Enabled { get; set; } }

public sealed class RunNowRequest : RunOverrides
{
    public long? JobId { get; set; }
    public string? IdempotencyToken { get; set; }
    public List<string>? Only { get; set; }
    public QueueSettings? Queue { get; set; }
}

public sealed class RepairRunRequest : RunOverrides
{
    public long? RunId { get; set; }
    public List<string>? RerunTasks { get; set; }
    public bool? RerunAllFailedTasks { get; set; }
    public bool? RerunDependentTasks { get; set; }
    public long? LatestRepairId { get; set; }
}

public sealed class CancelAllRunsRequest
{
    public long? JobId { get; set; }
    public bool? AllQueuedRuns { get; set; }
}

public sealed class EnforceComplianceRequest
{
    public long? JobId { get; set; }
    public bool? ValidateOnly { get; set; }
}
