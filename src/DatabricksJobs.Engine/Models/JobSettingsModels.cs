using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Models
{
    // What job settings and tasks hold besides tasks: notifications, health rules, Git source, run-as identity,
    // triggers, environments.

    public sealed class JobEmailNotifications : ApiObject
    {
        public bool? NoAlertForSkippedRuns { get; set; }
        public List<string>? OnDurationWarningThresholdExceeded { get; set; }
        public List<string>? OnFailure { get; set; }
        public List<string>? OnMaintenanceComplete { get; set; }
        public List<string>? OnMaintenanceStart { get; set; }
        public List<string>? OnStart { get; set; }
        public List<string>? OnStreamingBacklogExceeded { get; set; }
        public List<string>? OnSuccess { get; set; }
    }

    public sealed class TaskEmailNotifications : ApiObject
    {
        public bool? NoAlertForSkippedRuns { get; set; }
        public List<string>? OnDurationWarningThresholdExceeded { get; set; }
        public List<string>? OnFailure { get; set; }
        public List<string>? OnMaintenanceComplete { get; set; }
        public List<string>? OnMaintenanceStart { get; set; }
        public List<string>? OnStart { get; set; }
        public List<string>? OnStreamingBacklogExceeded { get; set; }
        public List<string>? OnSuccess { get; set; }
    }

    public sealed class WebhookNotifications : ApiObject
    {
        public List<Webhook>? OnDurationWarningThresholdExceeded { get; set; }
        public List<Webhook>? OnFailure { get; set; }
        public List<Webhook>? OnMaintenanceComplete { get; set; }
        public List<Webhook>? OnMaintenanceStart { get; set; }
        public List<Webhook>? OnStart { get; set; }
        public List<Webhook>? OnStreamingBacklogExceeded { get; set; }
        public List<Webhook>? OnSuccess { get; set; }
    }

    public sealed class Webhook : ApiObject
    {
        public string? Id { get; set; }
    }

    public sealed class JobNotificationSettings : ApiObject
    {
        public bool? NoAlertForCanceledRuns { get; set; }
        public bool? NoAlertForSkippedRuns { get; set; }
    }

    public sealed class TaskNotificationSettings : ApiObject
    {
        public bool? AlertOnLastAttempt { get; set; }
        public bool? NoAlertForCanceledRuns { get; set; }
        public bool? NoAlertForSkippedRuns { get; set; }
    }

    public sealed class JobsHealthRules : ApiObject
    {
        public List<JobsHealthRule>? Rules { get; set; }
    }

    public sealed class JobsHealthRule : ApiObject
    {
        [JsonConverter(typeof(SharedStringConverter))] public string? Metric { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Op { get; set; }
        public long? Value { get; set; }
    }

    /// <summary>The Git repository a job's tasks take their code from.</summary>
    public sealed class GitSource : ApiObject
    {
        public string? GitUrl { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? GitProvider { get; set; }
        public string? GitBranch { get; set; }
        public string? GitCommit { get; set; }
        public GitSnapshot? GitSnapshot { get; set; }
        public string? GitTag { get; set; }
        public JobSource? JobSource { get; set; }
        public SparseCheckout? SparseCheckout { get; set; }
    }

    public sealed class JobSource : ApiObject
    {
        public string? JobConfigPath { get; set; }
        public string? ImportFromGitBranch { get; set; }
        public string? DirtyState { get; set; }
    }

    public sealed class GitSnapshot : ApiObject
    {
        public string? UsedCommit { get; set; }
    }

    public sealed class SparseCheckout : ApiObject
    {
        public List<string>? Patterns { get; set; }
    }

    /// <summary>Who a job runs as: one user, service principal or group.</summary>
    public sealed class JobRunAs : ApiObject
    {
        public string? GroupName { get; set; }
        public string? ServicePrincipalName { get; set; }
        public string? UserName { get; set; }
    }

    /// <summary>A job that always runs: a new run starts when one ends.</summary>
    public sealed class Continuous : ApiObject
    {
        public MaintenanceWindow? MaintenanceWindow { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? PauseStatus { get; set; }
        public string? TaskRetryMode { get; set; }
    }

    public sealed class MaintenanceWindow : ApiObject
    {
        public int? StartHour { get; set; }
        public string? DayOfWeek { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? TimezoneId { get; set; }
    }

    public sealed class JobDeployment : ApiObject
    {
        [JsonConverter(typeof(SharedStringConverter))] public string? Kind { get; set; }
        public string? DeploymentId { get; set; }
        public string? MetadataFilePath { get; set; }
        public string? VersionId { get; set; }
    }

    public sealed class JobEnvironment : ApiObject
    {
        public string? EnvironmentKey { get; set; }
        public ComputeEnvironment? Spec { get; set; }
    }

    public sealed class JobEnvironmentVariables : ApiObject
    {
        public string? EnvironmentVariablesKey { get; set; }
        public List<string>? Files { get; set; }
        public Dictionary<string, string>? Variables { get; set; }
    }

    /// <summary>What starts a job besides its schedule: one kind of trigger is set.</summary>
    public sealed class TriggerSettings : ApiObject
    {
        public FileArrivalTriggerConfiguration? FileArrival { get; set; }
        public ModelTriggerConfiguration? Model { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? PauseStatus { get; set; }
        public PeriodicTriggerConfiguration? Periodic { get; set; }
        public SqlConditionConfiguration? SqlCondition { get; set; }
        public TableUpdateTriggerConfiguration? TableUpdate { get; set; }
    }

    /// <summary>One of a job's triggers: one kind is set.</summary>
    public sealed class TriggerConfiguration : ApiObject
    {
        public ContinuousTriggerConfiguration? Continuous { get; set; }
        public FileArrivalTriggerConfiguration? FileArrival { get; set; }
        public ModelTriggerConfiguration? Model { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? PauseStatus { get; set; }
        public PeriodicTriggerConfiguration? Periodic { get; set; }
        public CronTriggerConfiguration? Schedule { get; set; }
        public SqlConditionConfiguration? SqlCondition { get; set; }
        public TableUpdateTriggerConfiguration? TableUpdate { get; set; }
    }

    public sealed class FileArrivalTriggerConfiguration : ApiObject
    {
        public string? Url { get; set; }
        public int? MinTimeBetweenTriggersSeconds { get; set; }
        public int? WaitAfterLastChangeSeconds { get; set; }
    }

    public sealed class PeriodicTriggerConfiguration : ApiObject
    {
        public int? Interval { get; set; }
        public string? Unit { get; set; }
    }

    public sealed class TableUpdateTriggerConfiguration : ApiObject
    {
        public List<string>? TableNames { get; set; }
        public string? Condition { get; set; }
        public int? MinTimeBetweenTriggersSeconds { get; set; }
        public int? WaitAfterLastChangeSeconds { get; set; }
    }

    public sealed class ModelTriggerConfiguration : ApiObject
    {
        public string? Condition { get; set; }
        public List<string>? Aliases { get; set; }
        public int? MinTimeBetweenTriggersSeconds { get; set; }
        public string? SecurableName { get; set; }
        public int? WaitAfterLastChangeSeconds { get; set; }
    }

    public sealed class SqlConditionConfiguration : ApiObject
    {
        public string? SqlQueryId { get; set; }
        public string? WarehouseId { get; set; }
        public string? TriggerMode { get; set; }
    }

    public sealed class ContinuousTriggerConfiguration : ApiObject
    {
        public MaintenanceWindow? MaintenanceWindow { get; set; }
        public string? TaskRetryMode { get; set; }
    }

    public sealed class CronTriggerConfiguration : ApiObject
    {
        public string? QuartzCronExpression { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? TimezoneId { get; set; }
    }
}
