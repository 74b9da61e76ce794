using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Models
{
    /// <summary>
    /// Source-generated JSON for every type the module sends or reads: no reflection at run time. The types these
    /// reach are generated too. The task types are named all the same: a user may pass one alone (copied from one
    /// task into another), so it must be generated whatever comes to reach it.
    /// </summary>
    [JsonSourceGenerationOptions(
        PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString)]
    [JsonSerializable(typeof(Job))]
    [JsonSerializable(typeof(JobSettings))]
    [JsonSerializable(typeof(ListJobsResponse))]
    [JsonSerializable(typeof(CreateResponse))]
    [JsonSerializable(typeof(CreateJobRequest))]
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
    [JsonSerializable(typeof(SubmitRunRequest))]
    [JsonSerializable(typeof(SubmitRunResponse))]
    [JsonSerializable(typeof(JobPermissions))]
    [JsonSerializable(typeof(JobAccessControlRequestList))]
    [JsonSerializable(typeof(GetJobPermissionLevelsResponse))]
    [JsonSerializable(typeof(JobCompliance))]
    [JsonSerializable(typeof(ListJobComplianceForPolicyResponse))]
    [JsonSerializable(typeof(EnforcePolicyComplianceRequest))]
    [JsonSerializable(typeof(EnforcePolicyComplianceResponse))]
    [JsonSerializable(typeof(JsonObject))]
    [JsonSerializable(typeof(NotebookTask))]
    [JsonSerializable(typeof(SparkPythonTask))]
    [JsonSerializable(typeof(PythonWheelTask))]
    [JsonSerializable(typeof(SparkJarTask))]
    [JsonSerializable(typeof(SparkSubmitTask))]
    [JsonSerializable(typeof(SqlTask))]
    [JsonSerializable(typeof(DbtTask))]
    [JsonSerializable(typeof(PipelineTask))]
    [JsonSerializable(typeof(RunJobTask))]
    [JsonSerializable(typeof(ConditionTask))]
    [JsonSerializable(typeof(RunConditionTask))]
    [JsonSerializable(typeof(ForEachTask))]
    [JsonSerializable(typeof(RunForEachTask))]
    [JsonSerializable(typeof(AgenticTask))]
    [JsonSerializable(typeof(AiRuntimeTask))]
    [JsonSerializable(typeof(AlertTask))]
    [JsonSerializable(typeof(CleanRoomsNotebookTask))]
    [JsonSerializable(typeof(DashboardTask))]
    [JsonSerializable(typeof(DbtCloudTask))]
    [JsonSerializable(typeof(DbtPlatformTask))]
    [JsonSerializable(typeof(GenAiComputeTask))]
    [JsonSerializable(typeof(GenieTask))]
    [JsonSerializable(typeof(PowerBiTask))]
    [JsonSerializable(typeof(PythonOperatorTask))]
    internal sealed partial class DatabricksJsonContext : JsonSerializerContext
    {
    }
}
