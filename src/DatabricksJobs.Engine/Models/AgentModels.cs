using System.Collections.Generic;

namespace DatabricksJobs.Models
{
    // The agentic task and the agents and tools it names.

    /// <summary>Runs agents toward a goal, in a job of several agents (agentic_task).</summary>
    public sealed class AgenticTask : ApiObject
    {
        public AgenticTaskContext? Context { get; set; }
        public GenieCodeApi? GenieCodeApi { get; set; }
        public string? Goal { get; set; }
        public string? Input { get; set; }
        public TaskOutputSchema? OutputSchema { get; set; }
        public SupervisorAgent? SupervisorAgent { get; set; }
        public SupervisorApi? SupervisorApi { get; set; }
        public Dictionary<string, string>? TaskOutputSchema { get; set; }
        public TraceDestination? TraceDestination { get; set; }
    }

    public sealed class AgenticTaskContext : ApiObject
    {
        public List<string>? ConversationIds { get; set; }
        public List<string>? Instructions { get; set; }
    }

    public sealed class GenieCodeApi : ApiObject
    {
    }

    public sealed class TaskOutputSchema : ApiObject
    {
        public Dictionary<string, TaskOutputSchemaProperty>? Properties { get; set; }
    }

    public sealed class TaskOutputSchemaProperty : ApiObject
    {
        public string? Description { get; set; }
    }

    public sealed class SupervisorAgent : ApiObject
    {
        public string? AgentId { get; set; }
    }

    public sealed class SupervisorApi : ApiObject
    {
        public string? Instructions { get; set; }
        public string? Model { get; set; }
        public List<AgentTool>? Tools { get; set; }
    }

    public sealed class AgentTool : ApiObject
    {
        public AppTool? App { get; set; }
        public CatalogTool? Catalog { get; set; }
        public DashboardTool? Dashboard { get; set; }
        public string? Description { get; set; }
        public GenieSpaceTool? GenieSpace { get; set; }
        public KnowledgeAssistantTool? KnowledgeAssistant { get; set; }
        public SchemaTool? Schema { get; set; }
        public ServingEndpointTool? ServingEndpoint { get; set; }
        public SupervisorAgentTool? SupervisorAgent { get; set; }
        public TableTool? Table { get; set; }
        public string? ToolType { get; set; }
        public UcConnectionTool? UcConnection { get; set; }
        public UcFunctionTool? UcFunction { get; set; }
        public UcMcpTool? UcMcp { get; set; }
        public VectorSearchIndexTool? VectorSearchIndex { get; set; }
        public VolumeTool? Volume { get; set; }
        public WebSearchTool? WebSearch { get; set; }
    }

    public sealed class AppTool : ApiObject
    {
        public string? Name { get; set; }
    }

    public sealed class CatalogTool : ApiObject
    {
        public string? Name { get; set; }
    }

    public sealed class DashboardTool : ApiObject
    {
        public string? DashboardId { get; set; }
    }

    public sealed class GenieSpaceTool : ApiObject
    {
        public string? SpaceId { get; set; }
    }

    public sealed class KnowledgeAssistantTool : ApiObject
    {
        public string? KnowledgeAssistantId { get; set; }
    }

    public sealed class SchemaTool : ApiObject
    {
        public string? Name { get; set; }
    }

    public sealed class ServingEndpointTool : ApiObject
    {
        public string? Name { get; set; }
    }

    public sealed class SupervisorAgentTool : ApiObject
    {
        public string? SupervisorAgentId { get; set; }
    }

    public sealed class TableTool : ApiObject
    {
        public string? Name { get; set; }
    }

    public sealed class UcConnectionTool : ApiObject
    {
        public string? Name { get; set; }
    }

    public sealed class UcFunctionTool : ApiObject
    {
        public string? Name { get; set; }
    }

    public sealed class UcMcpTool : ApiObject
    {
        public string? Name { get; set; }
    }

    public sealed class VectorSearchIndexTool : ApiObject
    {
        public string? Name { get; set; }
    }

    public sealed class VolumeTool : ApiObject
    {
        public string? Name { get; set; }
    }

    public sealed class WebSearchTool : ApiObject
    {
    }

    public sealed class TraceDestination : ApiObject
    {
        public string? CatalogName { get; set; }
        public string? ExperimentId { get; set; }
        public string? SchemaName { get; set; }
        public string? TablePrefix { get; set; }
    }
}
