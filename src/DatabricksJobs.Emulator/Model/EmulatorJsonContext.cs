using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Emulator.Model;

/// <summary>Source-generated JSON for every type the emulator reads or writes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(ListJobsResponse))]
[JsonSerializable(typeof(CreateResponse))]
[JsonSerializable(typeof(RunNowResponse))]
[JsonSerializable(typeof(SubmitRunResponse))]
[JsonSerializable(typeof(RepairRunResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(Run))]
[JsonSerializable(typeof(ListRunsResponse))]
[JsonSerializable(typeof(RunOutput))]
[JsonSerializable(typeof(ExportRunOutput))]
[JsonSerializable(typeof(ScimUser))]
[JsonSerializable(typeof(JobIdRequest))]
[JsonSerializable(typeof(RunIdRequest))]
[JsonSerializable(typeof(UpdateJobRequest))]
[JsonSerializable(typeof(ResetJobRequest))]
[JsonSerializable(typeof(RunNowRequest))]
[JsonSerializable(typeof(RepairRunRequest))]
[JsonSerializable(typeof(CancelAllRunsRequest))]
[JsonSerializable(typeof(EnforceComplianceRequest))]
[JsonSerializable(typeof(ClusterPolicy))]
[JsonSerializable(typeof(ClusterPolicyList))]
[JsonSerializable(typeof(JobAccessControlListRequest))]
[JsonSerializable(typeof(JobPermissions))]
[JsonSerializable(typeof(GetJobPermissionLevelsResponse))]
[JsonSerializable(typeof(GetPolicyComplianceResponse))]
[JsonSerializable(typeof(ListJobComplianceForPolicyResponse))]
[JsonSerializable(typeof(EnforcePolicyComplianceResponse))]
[JsonSerializable(typeof(FaultSpec))]
[JsonSerializable(typeof(FaultList))]
[JsonSerializable(typeof(RequestStats))]
[JsonSerializable(typeof(EmulatorSnapshot))]
[JsonSerializable(typeof(JournalEntry))]
[JsonSerializable(typeof(JsonObject))]
public sealed partial class EmulatorJsonContext : JsonSerializerContext;
