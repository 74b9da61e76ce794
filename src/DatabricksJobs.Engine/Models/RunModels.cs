using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Models
{
    /// <summary>A run of a job, or a one-time run (runs/get, or an item of runs/list).</summary>
    public sealed class Run : ApiObject
    {
        public long? JobId { get; set; }
        public long RunId { get; set; }
        public long? NumberInJob { get; set; }
        public long? OriginalAttemptRunId { get; set; }
        public string? RunName { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? RunType { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Trigger { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? CreatorUserName { get; set; }
        [JsonPropertyName("start_time")] public long StartTimeMs { get; set; }
        [JsonPropertyName("end_time")] public long EndTimeMs { get; set; }
        [JsonPropertyName("run_duration")] public long? RunDurationMs { get; set; }
        [JsonPropertyName("queue_duration")] public long? QueueDurationMs { get; set; }
        [JsonPropertyName("setup_duration")] public long? SetupDurationMs { get; set; }
        [JsonPropertyName("execution_duration")] public long? ExecutionDurationMs { get; set; }
        [JsonPropertyName("cleanup_duration")] public long? CleanupDurationMs { get; set; }
        public int? AttemptNumber { get; set; }
        public RunState? State { get; set; }
        public RunStatus? Status { get; set; }
        public string? RunPageUrl { get; set; }
        public List<RunTask>? Tasks { get; set; }
        public List<JobParameter>? JobParameters { get; set; }
        public RunParameters? OverridingParameters { get; set; }
        public List<RepairHistoryItem>? RepairHistory { get; set; }
        public string? Description { get; set; }
        public long? JobRunId { get; set; }
        /// <summary>The iterations of a for-each task's run.</summary>
        public List<RunTask>? Iterations { get; set; }
        public List<JobCluster>? JobClusters { get; set; }
        public JobsClusterSpec? ClusterSpec { get; set; }
        public ClusterInstance? ClusterInstance { get; set; }
        public GitSource? GitSource { get; set; }
        public CronSchedule? Schedule { get; set; }
        public TriggerInfo? TriggerInfo { get; set; }
        public List<JobEnvironmentVariables>? EnvironmentVariables { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? EffectivePerformanceTarget { get; set; }
        public string? EffectiveUsagePolicyId { get; set; }
        public string? DeploymentId { get; set; }
        public string? VersionId { get; set; }
        // Paging of the run's tasks, parameters and repair history: the cmdlets follow it, users need not see it.
        [JsonInclude] internal bool? HasMore { get; set; }
        [JsonInclude] internal string? NextPageToken { get; set; }

        [JsonIgnore] public string? LifeCycleState => State?.LifeCycleState;
        [JsonIgnore] public string? ResultState => State?.ResultState;
        [JsonIgnore] public string? StateMessage => State?.StateMessage;
        [JsonIgnore] public DateTime? StartTime => Time.FromEpochMs(StartTimeMs);
        [JsonIgnore] public DateTime? EndTime => Time.FromEpochMs(EndTimeMs);
        [JsonIgnore] public TimeSpan? Duration => Time.Duration(StartTimeMs, EndTimeMs, RunDurationMs);

        /// <summary>Whether the run has ended (TERMINATED, SKIPPED or INTERNAL_ERROR).</summary>
        [JsonIgnore] public bool IsCompleted => RunState.IsTerminal(LifeCycleState);

        /// <summary>Whether the run ended well (SUCCESS or SUCCESS_WITH_FAILURES).</summary>
        [JsonIgnore] public bool Succeeded => IsCompleted && RunState.IsSuccess(ResultState);

        /// <summary>The id of the newest repair, which a further repair must name; null when never repaired or read without history.</summary>
        [JsonIgnore]
        public long? LatestRepairId => RepairHistory?.Where(r => r.Type == "REPAIR").Select(r => (long?)r.Id).Max();

        /// <summary>Tasks done out of all tasks, for progress.</summary>
        [JsonIgnore] public string TasksDone => Tasks is null ? "" : $"{LatestTasks.Count(t => t.IsCompleted)}/{LatestTasks.Count}";

        /// <summary>The newest attempt of each task (runs/get lists every attempt of a retried task).</summary>
        [JsonIgnore]
        public IReadOnlyList<RunTask> LatestTasks =>
            (Tasks ?? new List<RunTask>()).GroupBy(t => t.TaskKey).Select(g => g.OrderBy(t => t.AttemptNumber ?? 0).Last()).ToList();

        public override string ToString() => $"{RunName} ({RunId}): {ResultState ?? LifeCycleState}";
    }

    /// <summary>One task run of a run.</summary>
    public sealed class RunTask : ApiObject
    {
        /// <summary>The parameters the task ran with, after references ({{job.parameters.x}}, ...) were resolved; read with Get-DbxRun -IncludeResolvedValues.</summary>
        public ResolvedValues? ResolvedValues { get; set; }
        public long RunId { get; set; }
        public string? TaskKey { get; set; }
        public int? AttemptNumber { get; set; }
        [JsonPropertyName("start_time")] public long StartTimeMs { get; set; }
        [JsonPropertyName("end_time")] public long EndTimeMs { get; set; }
        [JsonPropertyName("run_duration")] public long? RunDurationMs { get; set; }
        [JsonPropertyName("queue_duration")] public long? QueueDurationMs { get; set; }
        [JsonPropertyName("setup_duration")] public long? SetupDurationMs { get; set; }
        [JsonPropertyName("execution_duration")] public long? ExecutionDurationMs { get; set; }
        [JsonPropertyName("cleanup_duration")] public long? CleanupDurationMs { get; set; }
        public RunState? State { get; set; }
        public RunStatus? Status { get; set; }
        public List<TaskDependency>? DependsOn { get; set; }
        public string? RunPageUrl { get; set; }
        public string? Description { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? RunIf { get; set; }
        public string? JobClusterKey { get; set; }
        public string? ExistingClusterId { get; set; }
        public ClusterSpec? NewCluster { get; set; }
        public ClusterInstance? ClusterInstance { get; set; }
        public List<Library>? Libraries { get; set; }
        public string? EnvironmentKey { get; set; }
        public string? EnvironmentVariablesKey { get; set; }
        public Compute? Compute { get; set; }
        public GitSource? GitSource { get; set; }
        public int? MaxRetries { get; set; }
        public long? MinRetryIntervalMillis { get; set; }
        public bool? RetryOnTimeout { get; set; }
        public int? TimeoutSeconds { get; set; }
        public bool? Disabled { get; set; }
        public bool? DisableAutoOptimization { get; set; }
        public JobEmailNotifications? EmailNotifications { get; set; }
        public WebhookNotifications? WebhookNotifications { get; set; }
        public TaskNotificationSettings? NotificationSettings { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? EffectivePerformanceTarget { get; set; }
        public string? EffectiveServerlessComputeId { get; set; }
        public NotebookTask? NotebookTask { get; set; }
        public SparkPythonTask? SparkPythonTask { get; set; }
        public PythonWheelTask? PythonWheelTask { get; set; }
        public SparkJarTask? SparkJarTask { get; set; }
        public SparkSubmitTask? SparkSubmitTask { get; set; }
        public SqlTask? SqlTask { get; set; }
        public DbtTask? DbtTask { get; set; }
        public PipelineTask? PipelineTask { get; set; }
        public RunJobTask? RunJobTask { get; set; }
        public RunConditionTask? ConditionTask { get; set; }
        public RunForEachTask? ForEachTask { get; set; }
        public AgenticTask? AgenticTask { get; set; }
        public AiRuntimeTask? AiRuntimeTask { get; set; }
        public AlertTask? AlertTask { get; set; }
        public CleanRoomsNotebookTask? CleanRoomsNotebookTask { get; set; }
        public DashboardTask? DashboardTask { get; set; }
        public DbtCloudTask? DbtCloudTask { get; set; }
        public DbtPlatformTask? DbtPlatformTask { get; set; }
        public GenAiComputeTask? GenAiComputeTask { get; set; }
        public GenieTask? GenieTask { get; set; }
        public PowerBiTask? PowerBiTask { get; set; }
        public PythonOperatorTask? PythonOperatorTask { get; set; }

        /// <summary>The run this task run belongs to, set by the module (not part of the API's task run).</summary>
        [JsonIgnore] public long? ParentRunId { get; set; }
        [JsonIgnore] public string? LifeCycleState => State?.LifeCycleState;
        [JsonIgnore] public string? ResultState => State?.ResultState;
        /// <summary>What the service said of the task run's state, such as why it failed or was skipped.</summary>
        [JsonIgnore] public string? StateMessage => State?.StateMessage;
        [JsonIgnore] public DateTime? StartTime => Time.FromEpochMs(StartTimeMs);
        [JsonIgnore] public DateTime? EndTime => Time.FromEpochMs(EndTimeMs);
        [JsonIgnore] public TimeSpan? Duration => Time.Duration(StartTimeMs, EndTimeMs, RunDurationMs);
        [JsonIgnore] public bool IsCompleted => RunState.IsTerminal(LifeCycleState);
        /// <summary>The task type: notebook_task, spark_python_task, ...</summary>
        [JsonIgnore] public string? Type => TaskTypes.Of(this);

        public override string ToString() => $"{TaskKey} ({RunId}): {ResultState ?? LifeCycleState}";
    }

    public sealed class RunState : ApiObject
    {
        [JsonConverter(typeof(SharedStringConverter))] public string? LifeCycleState { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? ResultState { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? StateMessage { get; set; }
        public bool UserCancelledOrTimedout { get; set; }
        public string? QueueReason { get; set; }

        internal static bool IsTerminal(string? lifeCycle) => lifeCycle is "TERMINATED" or "SKIPPED" or "INTERNAL_ERROR";

        internal static bool IsSuccess(string? result) => result is "SUCCESS" or "SUCCESS_WITH_FAILURES";

        public override string ToString() => ResultState is null ? LifeCycleState ?? "" : $"{LifeCycleState} {ResultState}";
    }

    public sealed class RunStatus : ApiObject
    {
        [JsonConverter(typeof(SharedStringConverter))] public string? State { get; set; }
        public TerminationDetails? TerminationDetails { get; set; }
        public QueueDetails? QueueDetails { get; set; }

        public override string ToString() => State ?? "";
    }

    public sealed class TerminationDetails : ApiObject
    {
        [JsonConverter(typeof(SharedStringConverter))] public string? Code { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Type { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Message { get; set; }
    }

    public sealed class QueueDetails : ApiObject
    {
        [JsonConverter(typeof(SharedStringConverter))] public string? Code { get; set; }
        public string? Message { get; set; }
    }

    public sealed class JobParameter : ApiObject
    {
        public string? Name { get; set; }
        public string? Default { get; set; }
        public string? Value { get; set; }
    }

    /// <summary>The parameter overrides of a run (run-now, repair).</summary>
    public class RunParameters : ApiObject
    {
        public Dictionary<string, string>? NotebookParams { get; set; }
        public List<string>? PythonParams { get; set; }
        public List<string>? JarParams { get; set; }
        public List<string>? SparkSubmitParams { get; set; }
        public Dictionary<string, string>? PythonNamedParams { get; set; }
        public Dictionary<string, string>? SqlParams { get; set; }
        public List<string>? DbtCommands { get; set; }
        public PipelineParams? PipelineParams { get; set; }
    }

    public sealed class RepairHistoryItem : ApiObject
    {
        public long Id { get; set; }
        public string? Type { get; set; }
        [JsonPropertyName("start_time")] public long StartTimeMs { get; set; }
        [JsonPropertyName("end_time")] public long EndTimeMs { get; set; }
        public RunState? State { get; set; }
        public RunStatus? Status { get; set; }
        public List<long>? TaskRunIds { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? EffectivePerformanceTarget { get; set; }

        [JsonIgnore] public string? LifeCycleState => State?.LifeCycleState;
        [JsonIgnore] public string? ResultState => State?.ResultState;
        [JsonIgnore] public DateTime? StartTime => Time.FromEpochMs(StartTimeMs);
        [JsonIgnore] public DateTime? EndTime => Time.FromEpochMs(EndTimeMs);
    }

    public sealed class ListRunsResponse : ApiObject
    {
        public List<Run>? Runs { get; set; }
        public bool HasMore { get; set; }
        public string? NextPageToken { get; set; }
    }

    /// <summary>The overrides run-now and repair take: the run parameters plus job parameters.</summary>
    public class RunOverrides : RunParameters
    {
        public Dictionary<string, string>? JobParameters { get; set; }

        /// <summary>PERFORMANCE_OPTIMIZED or STANDARD: how serverless compute runs this run (or repair).</summary>
        [JsonConverter(typeof(SharedStringConverter))] public string? PerformanceTarget { get; set; }
    }

    public sealed class PipelineParams : ApiObject
    {
        public bool? FullRefresh { get; set; }
        public List<string>? FullRefreshSelection { get; set; }
        public List<string>? RefreshFlowSelection { get; set; }
        public List<string>? RefreshSelection { get; set; }
        public List<string>? ResetCheckpointSelection { get; set; }
    }

    /// <summary>The body of jobs/run-now.</summary>
    public sealed class RunNowRequest : RunOverrides
    {
        public long JobId { get; set; }
        public List<string>? Only { get; set; }
        public string? IdempotencyToken { get; set; }
        public QueueSettings? Queue { get; set; }
    }

    public sealed class RunNowResponse
    {
        public long RunId { get; set; }
    }

    /// <summary>The body of jobs/runs/repair.</summary>
    public sealed class RepairRunRequest : RunOverrides
    {
        public long RunId { get; set; }
        public List<string>? RerunTasks { get; set; }
        public bool? RerunAllFailedTasks { get; set; }
        public bool? RerunDependentTasks { get; set; }
        public long? LatestRepairId { get; set; }
    }

    public sealed class RepairRunResponse
    {
        public long RepairId { get; set; }
    }

    /// <summary>
    /// The body of jobs/runs/submit: a one-time run. The module sends the request it is given; this type is the shape
    /// it is checked against (ApiShape). Its tasks are the API's SubmitTask, which is a job's task but for
    /// job_cluster_key (a one-time run has no job clusters): they are checked as a job's tasks.
    /// </summary>
    public sealed class SubmitRunRequest : ApiObject
    {
        public string? RunName { get; set; }
        public List<JobTask>? Tasks { get; set; }
        public List<JobAccessControlRequest>? AccessControlList { get; set; }
        public string? BudgetPolicyId { get; set; }
        public JobEmailNotifications? EmailNotifications { get; set; }
        public List<JobEnvironmentVariables>? EnvironmentVariables { get; set; }
        public List<JobEnvironment>? Environments { get; set; }
        public GitSource? GitSource { get; set; }
        public JobsHealthRules? Health { get; set; }
        public string? IdempotencyToken { get; set; }
        public JobNotificationSettings? NotificationSettings { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? PerformanceTarget { get; set; }
        public QueueSettings? Queue { get; set; }
        public JobRunAs? RunAs { get; set; }
        public Dictionary<string, string>? Tags { get; set; }
        public int? TimeoutSeconds { get; set; }
        public string? UsagePolicyId { get; set; }
        public WebhookNotifications? WebhookNotifications { get; set; }
    }

    public sealed class SubmitRunResponse
    {
        public long RunId { get; set; }
    }

    public sealed class RunIdRequest
    {
        public long RunId { get; set; }
    }

    /// <summary>The body of jobs/runs/cancel-all.</summary>
    public sealed class CancelAllRunsRequest
    {
        public long? JobId { get; set; }
        public bool? AllQueuedRuns { get; set; }
    }

    /// <summary>The output of a task run (runs/get-output): its notebook result, or its error and trace.</summary>
    public sealed class RunOutput : ApiObject
    {
        public Run? Metadata { get; set; }
        public NotebookOutput? NotebookOutput { get; set; }
        public string? Error { get; set; }
        public string? ErrorTrace { get; set; }
        public string? Info { get; set; }
        public string? Logs { get; set; }
        public bool? LogsTruncated { get; set; }
        public AgenticTaskOutput? AgenticTaskOutput { get; set; }
        public AiRuntimeTaskOutput? AiRuntimeTaskOutput { get; set; }
        public AlertTaskOutput? AlertOutput { get; set; }
        public CleanRoomsNotebookTaskCleanRoomsNotebookTaskOutput? CleanRoomsNotebookOutput { get; set; }
        public DashboardTaskOutput? DashboardOutput { get; set; }
        public DbtCloudTaskOutput? DbtCloudOutput { get; set; }
        public DbtOutput? DbtOutput { get; set; }
        public DbtPlatformTaskOutput? DbtPlatformOutput { get; set; }
        public GenieTaskOutput? GenieTaskOutput { get; set; }
        public RunJobOutput? RunJobOutput { get; set; }
        public SqlOutput? SqlOutput { get; set; }

        /// <summary>The task run's id.</summary>
        [JsonIgnore] public long? RunId => Metadata?.RunId;
        /// <summary>The run the task run belongs to, set by the module when it read the output through that run.</summary>
        [JsonIgnore] public long? ParentRunId { get; set; }
        /// <summary>The task's key, set by the module when it read the output through the task's run.</summary>
        [JsonIgnore] public string? TaskKey { get; set; }
        [JsonIgnore] public string? ResultState => Metadata?.ResultState ?? Metadata?.LifeCycleState;
        /// <summary>What the notebook returned (dbutils.notebook.exit).</summary>
        [JsonIgnore] public string? Result => NotebookOutput?.Result;
        [JsonIgnore] public bool Truncated => NotebookOutput?.Truncated == true;

        public override string ToString() => Error is null ? Result ?? "" : Error;
    }

    /// <summary>jobs/runs/export: the views of a task run.</summary>
    public sealed class ExportRunOutput : ApiObject
    {
        public List<ViewItem>? Views { get; set; }
    }

    /// <summary>One exported view: a self-contained HTML page.</summary>
    public sealed class ViewItem : ApiObject
    {
        public string? Name { get; set; }
        /// <summary>NOTEBOOK or DASHBOARD.</summary>
        public string? Type { get; set; }
        public string? Content { get; set; }
    }

    /// <summary>An exported view with the task run it came from, as Export-DbxRun -PassThru returns it.</summary>
    public sealed class RunExportView
    {
        public long RunId { get; set; }
        public long? ParentRunId { get; set; }
        public string? TaskKey { get; set; }
        public string? Name { get; set; }
        public string? Type { get; set; }
        public string? Content { get; set; }

        /// <summary>The length of the content, in characters.</summary>
        public int Length => Content?.Length ?? 0;

        public override string ToString() => $"{TaskKey} {Type} {Name}".Trim();
    }

    public sealed class NotebookOutput : ApiObject
    {
        public string? Result { get; set; }
        public bool Truncated { get; set; }
    }

    public sealed class ClusterInstance : ApiObject
    {
        public string? ClusterId { get; set; }
        public string? SparkContextId { get; set; }
    }

    /// <summary>The cluster a run ran on (the jobs service's ClusterSpec, named so as not to be taken for compute's).</summary>
    public sealed class JobsClusterSpec : ApiObject
    {
        public string? ExistingClusterId { get; set; }
        public string? JobClusterKey { get; set; }
        public List<Library>? Libraries { get; set; }
        public ClusterSpec? NewCluster { get; set; }
    }

    public sealed class TriggerInfo : ApiObject
    {
        public long? RunId { get; set; }
        public SqlConditionRunInfoDetails? SqlCondition { get; set; }
    }

    public sealed class SqlConditionRunInfoDetails : ApiObject
    {
        public bool? ConditionEvaluationSatisfied { get; set; }
        public string? ConditionEvaluationSqlSessionId { get; set; }
        public string? ConditionEvaluationSqlStatementId { get; set; }
    }

    /// <summary>A task run's parameters with their references resolved, by task type (the API's ResolvedValues).</summary>
    public sealed class ResolvedValues : ApiObject
    {
        public ResolvedConditionTaskValues? ConditionTask { get; set; }
        public ResolvedDbtTaskValues? DbtTask { get; set; }
        public ResolvedNotebookTaskValues? NotebookTask { get; set; }
        public ResolvedPythonWheelTaskValues? PythonWheelTask { get; set; }
        public ResolvedRunJobTaskValues? RunJobTask { get; set; }
        public ResolvedParamPairValues? SimulationTask { get; set; }
        public ResolvedStringParamsValues? SparkJarTask { get; set; }
        public ResolvedStringParamsValues? SparkPythonTask { get; set; }
        public ResolvedStringParamsValues? SparkSubmitTask { get; set; }
        public ResolvedParamPairValues? SqlTask { get; set; }
    }

    public sealed class ResolvedConditionTaskValues : ApiObject
    {
        public string? Left { get; set; }
        public string? Right { get; set; }
    }

    public sealed class ResolvedDbtTaskValues : ApiObject
    {
        public List<string>? Commands { get; set; }
    }

    public sealed class ResolvedNotebookTaskValues : ApiObject
    {
        public Dictionary<string, string>? BaseParameters { get; set; }
    }

    public sealed class ResolvedParamPairValues : ApiObject
    {
        public Dictionary<string, string>? Parameters { get; set; }
    }

    public sealed class ResolvedPythonWheelTaskValues : ApiObject
    {
        public Dictionary<string, string>? NamedParameters { get; set; }
        public List<string>? Parameters { get; set; }
    }

    public sealed class ResolvedRunJobTaskValues : ApiObject
    {
        public Dictionary<string, string>? NamedParameters { get; set; }
        public Dictionary<string, string>? Parameters { get; set; }
    }

    public sealed class ResolvedStringParamsValues : ApiObject
    {
        public List<string>? Parameters { get; set; }
    }
}
