using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Models
{
    // The Jobs API's own types. JSON names come from the snake_case policy of DatabricksJsonContext; what the
    // module does not model is kept by ApiObject and goes back to the API unchanged. Properties marked
    // [JsonIgnore] are for PowerShell: what people filter and sort on, in PowerShell's own types.

    /// <summary>A job (jobs/get, or an item of jobs/list).</summary>
    public sealed class Job : ApiObject
    {
        public long JobId { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? CreatorUserName { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? RunAsUserName { get; set; }
        [JsonPropertyName("created_time")] public long CreatedTimeMs { get; set; }
        /// <summary>Whether the job's trigger is paused and how it watches; read with Get-DbxJob -IncludeTriggerState.</summary>
        public TriggerStateProto? TriggerState { get; set; }
        /// <summary>Of each trigger of the settings' triggers list, in its order: its state, read with Get-DbxJob -IncludeTriggerState.</summary>
        public List<TriggerDetails>? TriggerDetails { get; set; }
        public JobSettings? Settings { get; set; }
        public string? EffectiveBudgetPolicyId { get; set; }
        public string? EffectiveUsagePolicyId { get; set; }
        public string? Path { get; set; }
        // Paging of the job's tasks, job clusters, parameters and environments: the cmdlets follow it, users need not see it.
        [JsonInclude] internal bool? HasMore { get; set; }
        [JsonInclude] internal string? NextPageToken { get; set; }

        [JsonIgnore] public string? Name => Settings?.Name;
        [JsonIgnore] public DateTime? CreatedTime => Time.FromEpochMs(CreatedTimeMs);
        /// <summary>How many tasks the job has; null when they were not fetched (jobs listed without -ExpandTasks).</summary>
        [JsonIgnore] public int? TaskCount => Settings?.Tasks?.Count;
        /// <summary>The cron expression of the job's schedule, else of the first schedule in its triggers list.</summary>
        [JsonIgnore] public string? Schedule =>
            Settings?.Schedule?.QuartzCronExpression ?? Settings?.Triggers?.FirstOrDefault(t => t?.Schedule is not null)?.Schedule!.QuartzCronExpression;
        /// <summary>
        /// Whether nothing starts the job's runs but a user: true when its schedule, trigger, continuous setting and every
        /// trigger of its triggers list are paused, false when one of them is not; null when the job has none of them.
        /// </summary>
        [JsonIgnore] public bool? Paused
        {
            get
            {
                var settings = Settings;
                if (settings is null) return null;
                var statuses = new List<string?>();
                if (settings.Schedule is { } schedule) statuses.Add(schedule.PauseStatus);
                if (settings.Trigger is { } trigger) statuses.Add(trigger.PauseStatus);
                if (settings.Continuous is { } continuous) statuses.Add(continuous.PauseStatus);
                statuses.AddRange((settings.Triggers ?? new List<TriggerConfiguration>()).Where(t => t is not null).Select(t => t.PauseStatus));
                // An unset pause_status is UNPAUSED, as the API defines it.
                return statuses.Count == 0 ? null : statuses.All(status => status == "PAUSED");
            }
        }

        public override string ToString() => $"{Name} ({JobId})";
    }

    /// <summary>A job's settings (jobs/get's settings, jobs/reset's and jobs/update's new_settings).</summary>
    public class JobSettings : ApiObject
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public int? MaxConcurrentRuns { get; set; }
        public int? TimeoutSeconds { get; set; }
        public Dictionary<string, string>? Tags { get; set; }
        public List<JobTask>? Tasks { get; set; }
        public List<JobCluster>? JobClusters { get; set; }
        public List<JobParameterDefinition>? Parameters { get; set; }
        public CronSchedule? Schedule { get; set; }
        public QueueSettings? Queue { get; set; }
        public List<JobEnvironment>? Environments { get; set; }
        public string? BudgetPolicyId { get; set; }
        public Continuous? Continuous { get; set; }
        public JobDeployment? Deployment { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? EditMode { get; set; }
        public JobEmailNotifications? EmailNotifications { get; set; }
        public List<JobEnvironmentVariables>? EnvironmentVariables { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Format { get; set; }
        public GitSource? GitSource { get; set; }
        public JobsHealthRules? Health { get; set; }
        public JobNotificationSettings? NotificationSettings { get; set; }
        public string? ParentPath { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? PerformanceTarget { get; set; }
        public JobRunAs? RunAs { get; set; }
        public TriggerSettings? Trigger { get; set; }
        public List<TriggerConfiguration>? Triggers { get; set; }
        public string? UsagePolicyId { get; set; }
        public WebhookNotifications? WebhookNotifications { get; set; }
    }

    /// <summary>A task of a job (the API's Task).</summary>
    public sealed class JobTask : ApiObject
    {
        public string? TaskKey { get; set; }
        public string? Description { get; set; }
        public List<TaskDependency>? DependsOn { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? RunIf { get; set; }
        public string? JobClusterKey { get; set; }
        public string? ExistingClusterId { get; set; }
        public int? MaxRetries { get; set; }
        public int? TimeoutSeconds { get; set; }
        public ClusterSpec? NewCluster { get; set; }
        public List<Library>? Libraries { get; set; }
        public string? EnvironmentKey { get; set; }
        public string? EnvironmentVariablesKey { get; set; }
        public Compute? Compute { get; set; }
        public long? MinRetryIntervalMillis { get; set; }
        public bool? RetryOnTimeout { get; set; }
        public bool? Disabled { get; set; }
        public bool? DisableAutoOptimization { get; set; }
        public TaskEmailNotifications? EmailNotifications { get; set; }
        public WebhookNotifications? WebhookNotifications { get; set; }
        public TaskNotificationSettings? NotificationSettings { get; set; }
        public JobsHealthRules? Health { get; set; }
        public NotebookTask? NotebookTask { get; set; }
        public SparkPythonTask? SparkPythonTask { get; set; }
        public PythonWheelTask? PythonWheelTask { get; set; }
        public SparkJarTask? SparkJarTask { get; set; }
        public SparkSubmitTask? SparkSubmitTask { get; set; }
        public SqlTask? SqlTask { get; set; }
        public DbtTask? DbtTask { get; set; }
        public PipelineTask? PipelineTask { get; set; }
        public RunJobTask? RunJobTask { get; set; }
        public ConditionTask? ConditionTask { get; set; }
        public ForEachTask? ForEachTask { get; set; }
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

        /// <summary>The task type: notebook_task, spark_python_task, ...</summary>
        [JsonIgnore] public string? Type => TaskTypes.Of(this);

        public override string ToString() => TaskKey ?? "";
    }

    public sealed class TaskDependency : ApiObject
    {
        public string? TaskKey { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Outcome { get; set; }
    }

    public sealed class JobCluster : ApiObject
    {
        public string? JobClusterKey { get; set; }
        public ClusterSpec? NewCluster { get; set; }
        public string? ServerlessComputeId { get; set; }
    }

    public sealed class JobParameterDefinition : ApiObject
    {
        public string? Name { get; set; }
        public string? Default { get; set; }
    }

    public sealed class CronSchedule : ApiObject
    {
        public string? QuartzCronExpression { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? TimezoneId { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? PauseStatus { get; set; }
        public SqlConditionConfiguration? SqlCondition { get; set; }
    }

    public sealed class QueueSettings : ApiObject
    {
        public bool Enabled { get; set; }
    }

    public sealed class ListJobsResponse : ApiObject
    {
        public List<Job>? Jobs { get; set; }
        public bool HasMore { get; set; }
        public string? NextPageToken { get; set; }
    }

    public sealed class CreateResponse
    {
        public long JobId { get; set; }
    }

    /// <summary>
    /// The body of jobs/create: a job's settings and the job's first access control list. The module sends the settings
    /// it is given; this type is the shape they are checked against (ApiShape).
    /// </summary>
    public sealed class CreateJobRequest : JobSettings
    {
        public List<JobAccessControlRequest>? AccessControlList { get; set; }
    }

    public sealed class UpdateJobRequest
    {
        public long JobId { get; set; }
        public System.Text.Json.Nodes.JsonObject? NewSettings { get; set; }
        public List<string>? FieldsToRemove { get; set; }
    }

    public sealed class ResetJobRequest
    {
        public long JobId { get; set; }
        public System.Text.Json.Nodes.JsonObject? NewSettings { get; set; }
    }

    public sealed class JobIdRequest
    {
        public long JobId { get; set; }
    }

    public sealed class EmptyResponse
    {
    }

    /// <summary>The SCIM user a credential authenticates as.</summary>
    public sealed class ScimUser
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("userName")] public string? UserName { get; set; }
        [JsonPropertyName("displayName")] public string? DisplayName { get; set; }
    }

    /// <summary>What an OAuth token endpoint answers: a token and its lifetime, or an OAuth error.</summary>
    public sealed class TokenResponse
    {
        public string? AccessToken { get; set; }
        public string? TokenType { get; set; }
        /// <summary>A new refresh token, when a refresh_token grant answers one.</summary>
        public string? RefreshToken { get; set; }
        /// <summary>Seconds from now (a number, or text from the metadata service).</summary>
        public long? ExpiresIn { get; set; }
        /// <summary>Unix seconds (text from the Azure identity endpoints).</summary>
        public long? ExpiresOn { get; set; }
        public string? Error { get; set; }
        public string? ErrorDescription { get; set; }
        /// <summary>The ID token GitHub Actions answers (ACTIONS_ID_TOKEN_REQUEST_URL).</summary>
        [JsonPropertyName("value")] public string? Value { get; set; }
        /// <summary>The ID token Azure DevOps answers (its oidctoken endpoint).</summary>
        [JsonPropertyName("oidcToken")] public string? OidcToken { get; set; }

        public override string ToString() => Error ?? "token";
    }

    /// <summary>A Databricks error body.</summary>
    public sealed class ErrorBody
    {
        public string? ErrorCode { get; set; }
        public string? Message { get; set; }
    }

    /// <summary>The state of a job's trigger (the API's TriggerStateProto); what the module does not model round-trips.</summary>
    public sealed class TriggerStateProto : ApiObject
    {
        [JsonConverter(typeof(SharedStringConverter))] public string? PauseStatus { get; set; }
        public FileArrivalTriggerState? FileArrival { get; set; }
        public TableTriggerState? Table { get; set; }
    }

    /// <summary>What jobs/get tells of one trigger of the triggers list (the API's TriggerDetails).</summary>
    public sealed class TriggerDetails : ApiObject
    {
        public PerTriggerState? State { get; set; }
    }

    /// <summary>The state of one trigger of the triggers list (the API's PerTriggerState); what the module does not model round-trips.</summary>
    public sealed class PerTriggerState : ApiObject
    {
        [JsonConverter(typeof(SharedStringConverter))] public string? PauseStatus { get; set; }
        public FileArrivalTriggerState? FileArrival { get; set; }
        public TableTriggerState? TableUpdate { get; set; }
    }

    public sealed class FileArrivalTriggerState : ApiObject
    {
        public bool? UsingFileEvents { get; set; }
    }

    public sealed class TableTriggerState : ApiObject
    {
        public bool? UsingScalableMonitoring { get; set; }
    }
}
