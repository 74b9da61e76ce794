using System.Collections.Generic;

namespace DatabricksJobs.Models
{
    // What a task run's output holds besides a notebook's: one output of the task type that ran.

    public sealed class AgenticTaskOutput : ApiObject
    {
        public string? ConversationId { get; set; }
        public double? CreatedAt { get; set; }
        public GenieCodeOutput? GenieCode { get; set; }
        public string? Id { get; set; }
        public string? Response { get; set; }
        public string? Status { get; set; }
        public SupervisorOutput? Supervisor { get; set; }
        public Dictionary<string, string>? TaskOutput { get; set; }
    }

    public sealed class GenieCodeOutput : ApiObject
    {
        public string? ThreadId { get; set; }
    }

    public sealed class SupervisorOutput : ApiObject
    {
        public string? ResponseId { get; set; }
    }

    public sealed class AiRuntimeTaskOutput : ApiObject
    {
        public string? MlflowExperimentId { get; set; }
        public string? MlflowRunId { get; set; }
        public string? StatusMessage { get; set; }
    }

    public sealed class AlertTaskOutput : ApiObject
    {
        public string? AlertState { get; set; }
    }

    public sealed class CleanRoomsNotebookTaskCleanRoomsNotebookTaskOutput : ApiObject
    {
        public CleanRoomTaskRunState? CleanRoomJobRunState { get; set; }
        public NotebookOutput? NotebookOutput { get; set; }
        public OutputSchemaInfo? OutputSchemaInfo { get; set; }
        public OutputSchemaInfo? SharedOutputSchemaInfo { get; set; }
    }

    public sealed class CleanRoomTaskRunState : ApiObject
    {
        public string? LifeCycleState { get; set; }
        public string? ResultState { get; set; }
    }

    public sealed class OutputSchemaInfo : ApiObject
    {
        public string? CatalogName { get; set; }
        public long? ExpirationTime { get; set; }
        public string? SchemaName { get; set; }
    }

    public sealed class DashboardTaskOutput : ApiObject
    {
        public List<DashboardPageSnapshot>? PageSnapshots { get; set; }
    }

    public sealed class DashboardPageSnapshot : ApiObject
    {
        public string? PageDisplayName { get; set; }
        public List<WidgetErrorDetail>? WidgetErrorDetails { get; set; }
    }

    public sealed class WidgetErrorDetail : ApiObject
    {
        public string? Message { get; set; }
    }

    public sealed class DbtCloudTaskOutput : ApiObject
    {
        public long? DbtCloudJobRunId { get; set; }
        public List<DbtCloudJobRunStep>? DbtCloudJobRunOutput { get; set; }
        public string? DbtCloudJobRunUrl { get; set; }
    }

    public sealed class DbtCloudJobRunStep : ApiObject
    {
        public int? Index { get; set; }
        public string? Logs { get; set; }
        public string? Name { get; set; }
        public string? Status { get; set; }
    }

    public sealed class DbtOutput : ApiObject
    {
        public Dictionary<string, string>? ArtifactsHeaders { get; set; }
        public string? ArtifactsLink { get; set; }
    }

    public sealed class DbtPlatformTaskOutput : ApiObject
    {
        public string? DbtPlatformJobRunId { get; set; }
        public List<DbtPlatformJobRunStep>? DbtPlatformJobRunOutput { get; set; }
        public string? DbtPlatformJobRunUrl { get; set; }
        public bool? StepsTruncated { get; set; }
    }

    public sealed class DbtPlatformJobRunStep : ApiObject
    {
        public int? Index { get; set; }
        public string? Logs { get; set; }
        public bool? LogsTruncated { get; set; }
        public string? Name { get; set; }
        public bool? NameTruncated { get; set; }
        public string? Status { get; set; }
    }

    public sealed class GenieTaskOutput : ApiObject
    {
        public string? ConversationId { get; set; }
    }

    public sealed class RunJobOutput : ApiObject
    {
        public long? RunId { get; set; }
    }

    public sealed class SqlOutput : ApiObject
    {
        public SqlAlertOutput? AlertOutput { get; set; }
        public SqlDashboardOutput? DashboardOutput { get; set; }
        public SqlQueryOutput? QueryOutput { get; set; }
    }

    public sealed class SqlQueryOutput : ApiObject
    {
        public string? EndpointId { get; set; }
        public string? OutputLink { get; set; }
        public string? QueryText { get; set; }
        public List<SqlStatementOutput>? SqlStatements { get; set; }
        public string? WarehouseId { get; set; }
    }

    public sealed class SqlDashboardOutput : ApiObject
    {
        public string? WarehouseId { get; set; }
        public List<SqlDashboardWidgetOutput>? Widgets { get; set; }
    }

    public sealed class SqlDashboardWidgetOutput : ApiObject
    {
        public long? EndTime { get; set; }
        public SqlOutputError? Error { get; set; }
        public string? OutputLink { get; set; }
        public long? StartTime { get; set; }
        public string? Status { get; set; }
        public string? WidgetId { get; set; }
        public string? WidgetTitle { get; set; }
    }

    public sealed class SqlOutputError : ApiObject
    {
        public string? Message { get; set; }
    }

    public sealed class SqlAlertOutput : ApiObject
    {
        public string? AlertState { get; set; }
        public string? OutputLink { get; set; }
        public string? QueryText { get; set; }
        public List<SqlStatementOutput>? SqlStatements { get; set; }
        public string? WarehouseId { get; set; }
    }

    public sealed class SqlStatementOutput : ApiObject
    {
        public string? LookupKey { get; set; }
    }
}
