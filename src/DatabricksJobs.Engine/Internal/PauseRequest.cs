using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using DatabricksJobs.Models;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// The jobs/update settings that pause (or resume) what starts a job's runs: its schedule, trigger and continuous
    /// settings, and every item of its triggers list. Each is sent whole as it is but for pause_status, since jobs/update
    /// replaces a top-level field whole.
    /// </summary>
    internal static class PauseRequest
    {
        public static RequestBody For(Job job, bool paused)
        {
            var status = paused ? "PAUSED" : "UNPAUSED";
            var body = new RequestBody();
            var settings = job.Settings ?? new JobSettings();
            JsonNode? WithStatus(JsonNode? node)
            {
                if (node is JsonObject value) value["pause_status"] = status;
                return node;
            }
            void Set(string field, JsonNode? node)
            {
                if (WithStatus(node) is JsonObject value) body.Json[field] = value;
            }
            Set("schedule", Node(settings.Schedule, DatabricksJsonContext.Default.CronSchedule));
            Set("trigger", Node(settings.Trigger, DatabricksJsonContext.Default.TriggerSettings));
            Set("continuous", Node(settings.Continuous, DatabricksJsonContext.Default.Continuous));
            // In the triggers list (TriggerConfiguration) pause_status belongs to the item, not to its schedule or continuous.
            if (settings.Triggers is { Count: > 0 } triggers)
                body.Json["triggers"] = new JsonArray(triggers.Select(t => WithStatus(Node(t, DatabricksJsonContext.Default.TriggerConfiguration))).ToArray());
            if (body.Count == 0)
                throw new InputException($"Job {job.JobId} has no schedule, trigger, triggers or continuous setting to {(paused ? "pause" : "resume")}.", "NothingToPause", target: job.JobId);
            return body;
        }

        private static JsonNode? Node<T>(T? value, JsonTypeInfo<T> type) where T : class =>
            value is null ? null : JsonSerializer.SerializeToNode(value, type);
    }
}
