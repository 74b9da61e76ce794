using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Models
{
    /// <summary>Source-generated JSON for every type the module sends or reads: no reflection at run time.</summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString)]
    [JsonSerializable(typeof(Job))]
    [JsonSerializable(typeof(JobSettings))]
    [JsonSerializable(typeof(ListJobsResponse))]
    [JsonSerializable(typeof(CreateResponse))]
    [JsonSerializable(typeof(UpdateJobRequest))]
    [JsonSerializable(typeof(ResetJobRequest))]
    [JsonSerializable(typeof(JobIdRequest))]
    [JsonSerializable(typeof(EmptyResponse))]
    [JsonSerializable(typeof(ScimUser))]
    [JsonSerializable(typeof(ErrorBody))]
    [JsonSerializable(typeof(TokenResponse))]
    [JsonSerializable(typeof(Run))]
    [JsonSerializable(typeof(ListRunsResponse))]
    [JsonSerializable(typeof(RunNowRequest))]
    [JsonSerializable(typeof(RunNowResponse))]
    [JsonSerializable(typeof(RunOutput))]
    [JsonSerializable(typeof(RepairRunRequest))]
    [JsonSerializable(typeof(RepairRunResponse))]
    [JsonSerializable(typeof(RunIdRequest))]
    [JsonSerializable(typeof(CancelAllRunsRequest))]
    [JsonSerializable(typeof(ExportRunOutput))]
    [JsonSerializable(typeof(SubmitRunResponse))]
    [JsonSerializable(typeof(JobPermissions))]
    [JsonSerializable(typeof(JobAccessControlRequestList))]
    [JsonSerializable(typeof(GetJobPermissionLevelsResponse))]
    [JsonSerializable(typeof(JsonObject))]
    internal sealed partial class DatabricksJsonContext : JsonSerializerContext
    {
    }
}
