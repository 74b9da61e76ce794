using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Models
{
    // The task types. A task of a job (JobTask) or of a run (RunTask) has exactly one, in the property named after
    // it: NotebookTask, SparkPythonTask, ... Fields that take one of a set of values (Source: WORKSPACE or GIT, ...)
    // are text, so that a value the API adds later still reads.

    /// <summary>Runs a notebook (notebook_task).</summary>
    public sealed class NotebookTask : ApiObject
    {
        public string? NotebookPath { get; set; }
        public Dictionary<string, string>? BaseParameters { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Source { get; set; }
        public string? WarehouseId { get; set; }
    }

    /// <summary>Runs a Python file (spark_python_task).</summary>
    public sealed class SparkPythonTask : ApiObject
    {
        public string? PythonFile { get; set; }
        public List<string>? Parameters { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Source { get; set; }
    }

    /// <summary>Runs an entry point of a Python wheel (python_wheel_task).</summary>
    public sealed class PythonWheelTask : ApiObject
    {
        public string? PackageName { get; set; }
        public string? EntryPoint { get; set; }
        public Dictionary<string, string>? NamedParameters { get; set; }
        public List<string>? Parameters { get; set; }
    }

    /// <summary>Runs the main class of a JAR (spark_jar_task).</summary>
    public sealed class SparkJarTask : ApiObject
    {
        public string? JarUri { get; set; }
        public string? MainClassName { get; set; }
        public List<string>? Parameters { get; set; }
        public bool? RunAsRepl { get; set; }
    }

    /// <summary>Runs spark-submit with the given parameters (spark_submit_task; legacy, spark_jar_task replaces it).</summary>
    public sealed class SparkSubmitTask : ApiObject
    {
        public List<string>? Parameters { get; set; }
    }

    /// <summary>Runs a query or a SQL file, or refreshes an alert or a legacy dashboard, on a SQL warehouse (sql_task): one of Query, File, Dashboard and Alert is set.</summary>
    public sealed class SqlTask : ApiObject
    {
        public string? WarehouseId { get; set; }
        public SqlTaskAlert? Alert { get; set; }
        public SqlTaskDashboard? Dashboard { get; set; }
        public SqlTaskFile? File { get; set; }
        public Dictionary<string, string>? Parameters { get; set; }
        public SqlTaskQuery? Query { get; set; }
    }

    public sealed class SqlTaskQuery : ApiObject
    {
        public string? QueryId { get; set; }
    }

    public sealed class SqlTaskFile : ApiObject
    {
        public string? Path { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Source { get; set; }
    }

    public sealed class SqlTaskDashboard : ApiObject
    {
        public string? DashboardId { get; set; }
        public string? CustomSubject { get; set; }
        public bool? PauseSubscriptions { get; set; }
        public List<SqlTaskSubscription>? Subscriptions { get; set; }
    }

    public sealed class SqlTaskAlert : ApiObject
    {
        public string? AlertId { get; set; }
        public bool? PauseSubscriptions { get; set; }
        public List<SqlTaskSubscription>? Subscriptions { get; set; }
    }

    public sealed class SqlTaskSubscription : ApiObject
    {
        public string? DestinationId { get; set; }
        public string? UserName { get; set; }
    }

    /// <summary>Runs dbt commands against a SQL warehouse (dbt_task).</summary>
    public sealed class DbtTask : ApiObject
    {
        public List<string>? Commands { get; set; }
        public string? Catalog { get; set; }
        public string? ProfilesDirectory { get; set; }
        public string? ProjectDirectory { get; set; }
        public string? Schema { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Source { get; set; }
        public string? WarehouseId { get; set; }
    }

    /// <summary>Runs a dbt Cloud job (dbt_cloud_task; dbt_platform_task is its newer name).</summary>
    public sealed class DbtCloudTask : ApiObject
    {
        public string? ConnectionResourceName { get; set; }
        public long? DbtCloudJobId { get; set; }
    }

    /// <summary>Runs a dbt platform job (dbt_platform_task).</summary>
    public sealed class DbtPlatformTask : ApiObject
    {
        public string? ConnectionResourceName { get; set; }
        public string? DbtPlatformJobId { get; set; }
    }

    /// <summary>Starts an update of a pipeline (pipeline_task).</summary>
    public sealed class PipelineTask : ApiObject
    {
        public string? PipelineId { get; set; }
        public bool? FullRefresh { get; set; }
        public List<string>? FullRefreshSelection { get; set; }
        public Dictionary<string, string>? Parameters { get; set; }
        public List<string>? RefreshFlowSelection { get; set; }
        public List<string>? RefreshSelection { get; set; }
        public List<string>? ResetCheckpointSelection { get; set; }
    }

    /// <summary>Runs another job, with parameters of its own (run_job_task).</summary>
    public sealed class RunJobTask : ApiObject
    {
        public long? JobId { get; set; }
        public List<string>? DbtCommands { get; set; }
        public List<string>? JarParams { get; set; }
        public Dictionary<string, string>? JobParameters { get; set; }
        public Dictionary<string, string>? NotebookParams { get; set; }
        public PipelineParams? PipelineParams { get; set; }
        public Dictionary<string, string>? PythonNamedParams { get; set; }
        public List<string>? PythonParams { get; set; }
        public List<string>? SparkSubmitParams { get; set; }
        public Dictionary<string, string>? SqlParams { get; set; }
    }

    /// <summary>Compares two values, and so decides which of the tasks that depend on it run (condition_task).</summary>
    public class ConditionTask : ApiObject
    {
        [JsonConverter(typeof(SharedStringConverter))] public string? Op { get; set; }
        public string? Left { get; set; }
        public string? Right { get; set; }
    }

    /// <summary>A condition task as a task run shows it, with its outcome: "true" or "false".</summary>
    public sealed class RunConditionTask : ConditionTask
    {
        [JsonConverter(typeof(SharedStringConverter))] public string? Outcome { get; set; }
    }

    /// <summary>Runs a nested task once for each input (for_each_task).</summary>
    public class ForEachTask : ApiObject
    {
        public string? Inputs { get; set; }
        public JobTask? Task { get; set; }
        public int? Concurrency { get; set; }
    }

    /// <summary>A for-each task as a task run shows it, with counts of its iterations.</summary>
    public sealed class RunForEachTask : ForEachTask
    {
        public ForEachStats? Stats { get; set; }
    }

    public sealed class ForEachStats : ApiObject
    {
        public List<ForEachTaskErrorMessageStats>? ErrorMessageStats { get; set; }
        public ForEachTaskTaskRunStats? TaskRunStats { get; set; }
    }

    public sealed class ForEachTaskErrorMessageStats : ApiObject
    {
        public int? Count { get; set; }
        public string? ErrorMessage { get; set; }
        public string? TerminationCategory { get; set; }
    }

    public sealed class ForEachTaskTaskRunStats : ApiObject
    {
        public int? ActiveIterations { get; set; }
        public int? CompletedIterations { get; set; }
        public int? FailedIterations { get; set; }
        public int? ScheduledIterations { get; set; }
        public int? SucceededIterations { get; set; }
        public int? TotalIterations { get; set; }
    }

    /// <summary>Runs a notebook of a clean room (clean_rooms_notebook_task).</summary>
    public sealed class CleanRoomsNotebookTask : ApiObject
    {
        public string? CleanRoomName { get; set; }
        public string? NotebookName { get; set; }
        public string? Etag { get; set; }
        public Dictionary<string, string>? NotebookBaseParameters { get; set; }
    }

    /// <summary>Refreshes a dashboard and sends a snapshot to its subscribers (dashboard_task).</summary>
    public sealed class DashboardTask : ApiObject
    {
        public string? DashboardId { get; set; }
        public Dictionary<string, string>? Filters { get; set; }
        public Subscription? Subscription { get; set; }
        public string? WarehouseId { get; set; }
    }

    public sealed class Subscription : ApiObject
    {
        public string? CustomSubject { get; set; }
        public bool? Paused { get; set; }
        public List<SubscriptionSubscriber>? Subscribers { get; set; }
    }

    public sealed class SubscriptionSubscriber : ApiObject
    {
        public string? DestinationId { get; set; }
        public string? UserName { get; set; }
    }

    /// <summary>Publishes tables to a Power BI semantic model and refreshes it (power_bi_task).</summary>
    public sealed class PowerBiTask : ApiObject
    {
        public string? ConnectionResourceName { get; set; }
        public IncrementalRefreshConfig? IncrementalRefreshConfig { get; set; }
        public string? PowerBiGatewayId { get; set; }
        public PowerBiModel? PowerBiModel { get; set; }
        public bool? RefreshAfterUpdate { get; set; }
        public List<PowerBiTable>? Tables { get; set; }
        public string? WarehouseId { get; set; }
    }

    public sealed class PowerBiModel : ApiObject
    {
        public string? AuthenticationMethod { get; set; }
        public string? ModelName { get; set; }
        public bool? OverwriteExisting { get; set; }
        public string? StorageMode { get; set; }
        public string? WorkspaceName { get; set; }
    }

    public sealed class PowerBiTable : ApiObject
    {
        public string? Catalog { get; set; }
        public string? DetectDataChangesColumn { get; set; }
        public string? IncrementalRefreshDatetimeColumn { get; set; }
        public string? Name { get; set; }
        public string? Schema { get; set; }
        public string? StorageMode { get; set; }
        public string? TableType { get; set; }
    }

    public sealed class IncrementalRefreshConfig : ApiObject
    {
        public string? ArchiveWindowGranularity { get; set; }
        public int? ArchiveWindowPeriods { get; set; }
        public bool? DetectDataChanges { get; set; }
        public string? Mode { get; set; }
        public bool? OnlyRefreshCompletePeriods { get; set; }
        public string? RefreshWindowGranularity { get; set; }
        public int? RefreshWindowPeriods { get; set; }
    }

    /// <summary>Evaluates an alert and notifies its subscribers (alert_task).</summary>
    public sealed class AlertTask : ApiObject
    {
        public string? AlertId { get; set; }
        public Dictionary<string, string>? Parameters { get; set; }
        public List<AlertTaskSubscriber>? Subscribers { get; set; }
        public string? WarehouseId { get; set; }
        public string? WorkspacePath { get; set; }
    }

    public sealed class AlertTaskSubscriber : ApiObject
    {
        public string? DestinationId { get; set; }
        public string? UserName { get; set; }
    }

    /// <summary>Runs a Genie or Genie Code agent (genie_task).</summary>
    public sealed class GenieTask : ApiObject
    {
        public string? ConfigurationId { get; set; }
        public Dictionary<string, string>? Parameters { get; set; }
    }

    /// <summary>Runs a deep learning workload on GPUs (gen_ai_compute_task).</summary>
    public sealed class GenAiComputeTask : ApiObject
    {
        public string? DlRuntimeImage { get; set; }
        public string? ClientVersion { get; set; }
        public string? CodeSourceTarPath { get; set; }
        public string? Command { get; set; }
        public ComputeConfig? Compute { get; set; }
        public string? DockerImageUrl { get; set; }
        public string? MlflowExperimentName { get; set; }
        public string? MlflowRunName { get; set; }
        public string? RequirementsYamlPath { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Source { get; set; }
        public string? TrainingScriptPath { get; set; }
        public string? YamlParameters { get; set; }
        public string? YamlParametersFilePath { get; set; }
    }

    public sealed class ComputeConfig : ApiObject
    {
        public int? NumGpus { get; set; }
        public string? GpuNodePoolId { get; set; }
        public string? GpuType { get; set; }
    }

    /// <summary>Runs a multi-GPU workload on AI Runtime (ai_runtime_task).</summary>
    public sealed class AiRuntimeTask : ApiObject
    {
        public string? Experiment { get; set; }
        public List<DeploymentSpec>? Deployments { get; set; }
        public string? CodeSourcePath { get; set; }
        public string? DockerImageUrl { get; set; }
        public string? MlflowArtifactLocation { get; set; }
        public string? MlflowExperimentDirectory { get; set; }
        public string? MlflowRun { get; set; }
        public Dictionary<string, string>? Parameters { get; set; }
    }

    public sealed class DeploymentSpec : ApiObject
    {
        public string? CommandPath { get; set; }
        public ComputeSpec? Compute { get; set; }
        public string? DockerImageUrl { get; set; }
        public string? Name { get; set; }
    }

    public sealed class ComputeSpec : ApiObject
    {
        public string? AcceleratorType { get; set; }
        public int? AcceleratorCount { get; set; }
    }

    /// <summary>Runs a Python operator (python_operator_task).</summary>
    public sealed class PythonOperatorTask : ApiObject
    {
        public string? Main { get; set; }
        public List<PythonOperatorTaskParameter>? Parameters { get; set; }
    }

    public sealed class PythonOperatorTaskParameter : ApiObject
    {
        public string? Name { get; set; }
        public string? Value { get; set; }
    }

    /// <summary>The type of a task of a job or a run: the field of the task type it has.</summary>
    internal static class TaskTypes
    {
        // Read off the serializer's metadata, so that the task types are listed once: as the task's properties.
        public static string? Of(ApiObject task) =>
            DatabricksJsonContext.Default.GetTypeInfo(task.GetType())?.Properties
                .FirstOrDefault(p => p.Name.EndsWith("_task", StringComparison.Ordinal) && p.Get?.Invoke(task) is not null)?.Name
            ?? task.ExtensionData?.Keys.FirstOrDefault(k => k.EndsWith("_task", StringComparison.Ordinal));
    }
}
