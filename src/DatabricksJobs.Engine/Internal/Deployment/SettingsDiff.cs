using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using DatabricksJobs.Models;

namespace DatabricksJobs.Internal.Deployment
{
    /// <summary>
    /// The fields in which a job's settings in the workspace (jobs/get) differ from its definition's, normalized so that a
    /// job just deployed compares equal: a field one side lacks is no difference when the other side's value is what the
    /// service fills in for it (max_concurrent_runs 1, a task's run_if ALL_SUCCESS and source WORKSPACE, pause_status
    /// UNPAUSED, ...) or empty (0, false, "", {} and [], as the Go SDK and Terraform's databricks_job leave such values out),
    /// and a field the service fills in with a value of its own (run_as, a new cluster's cloud attributes, ...) is no
    /// difference when the definition does not give it, nor one the service takes but does not answer (a new cluster's
    /// apply_policy_default_values) when the job lacks it.
    /// Items of tasks, job_clusters, parameters and environments, and a task's depends_on and libraries, are matched by
    /// their key whatever their order.
    /// </summary>
    internal sealed class SettingsDiff
    {
        /// <summary>The arrays whose items are matched by a key (paths with [] for any item), and how an item's key is read.</summary>
        private static readonly Dictionary<string, Func<JsonObject, string?>> Keyed = new Dictionary<string, Func<JsonObject, string?>>
        {
            ["tasks"] = item => Text(item["task_key"]),
            ["job_clusters"] = item => Text(item["job_cluster_key"]),
            ["parameters"] = item => Text(item["name"]),
            ["environments"] = item => Text(item["environment_key"]),
            ["tasks[].depends_on"] = item => Text(item["task_key"]),
            ["tasks[].libraries"] = LibraryKey,
            ["tasks[].for_each_task.task.depends_on"] = item => Text(item["task_key"]),
            ["tasks[].for_each_task.task.libraries"] = LibraryKey,
        };

        /// <summary>Values the service fills in for a field left out (paths with [] for any item, * for any name).</summary>
        private static readonly Dictionary<string, JsonNode> Defaults = new Dictionary<string, JsonNode>
        {
            ["max_concurrent_runs"] = 1,
            ["format"] = "MULTI_TASK",
            ["edit_mode"] = "EDITABLE",
            ["schedule.pause_status"] = "UNPAUSED",
            ["trigger.pause_status"] = "UNPAUSED",
            ["continuous.pause_status"] = "UNPAUSED",
            ["triggers[].pause_status"] = "UNPAUSED",
            ["tasks[].run_if"] = "ALL_SUCCESS",
            ["tasks[].for_each_task.task.run_if"] = "ALL_SUCCESS",
        };

        /// <summary>
        /// Fields the service fills in with a value of its own choosing when the definition leaves them out, whatever is in
        /// them (paths with [] for any item): the definition's value is compared when it gives one, else the workspace's is kept.
        /// run_as: jobs/reset keeps the job's, and jobs/create fills in the caller. A new cluster's fields, as the Databricks
        /// CLI's direct deployment lists them (databricks/cli bundle/direct/dresources/configs/jobs.yml: backend_defaults and
        /// ignore_remote_changes, after the Terraform provider's clusters/resource_cluster.go ClusterSpec.CustomizeSchema,
        /// which marks them computed or suppresses their diff): the cloud's attributes (AWS availability SPOT_WITH_FALLBACK and
        /// a zone_id, per the CLI's test server libs/testserver/jobs.go jobFixUps; Azure first_on_demand 1, availability
        /// ON_DEMAND_AZURE, spot_bid_max_price -1), enable_elastic_disk (false on AWS, always on in Azure),
        /// enable_local_disk_encryption, the node types and driver pool (from an instance pool) and data_security_mode
        /// (SINGLE_USER). Any field inside these objects too, so an aws_attributes that gives only an instance_profile_arn
        /// does not differ by the availability and zone_id the service adds.
        /// </summary>
        private static readonly string[] ServiceChosen = new[] { "run_as" }
            .Concat(ClusterFields("aws_attributes", "azure_attributes", "gcp_attributes", "enable_elastic_disk", "enable_local_disk_encryption",
                "node_type_id", "driver_node_type_id", "driver_instance_pool_id", "data_security_mode"))
            .ToArray();

        /// <summary>
        /// Fields the service takes but does not answer, so that a job always lacks them: a new cluster's
        /// apply_policy_default_values (databricks/cli bundle/direct/dresources/configs/jobs.yml, not_returned_by_api).
        /// </summary>
        private static readonly string[] NotAnswered = ClusterFields("apply_policy_default_values").ToArray();

        /// <summary>The paths of fields of a job's new clusters: its job clusters', its tasks' and its for-each tasks' inner task's.</summary>
        private static IEnumerable<string> ClusterFields(params string[] fields) =>
            from cluster in new[] { "job_clusters[].new_cluster", "tasks[].new_cluster", "tasks[].for_each_task.task.new_cluster" }
            from field in fields
            select cluster + "." + field;

        private readonly string _key;
        private readonly string _source;
        private readonly List<JobDifference> _differences = new List<JobDifference>();

        private SettingsDiff(string key, bool gitSource)
        {
            _key = key;
            _source = gitSource ? "GIT" : "WORKSPACE";
        }

        /// <summary>The differences of the definition <paramref name="key"/> from its job.</summary>
        public static IReadOnlyList<JobDifference> Compare(string key, JsonObject workspace, JsonObject definition)
        {
            var diff = new SettingsDiff(key, definition["git_source"] is JsonObject);
            diff.Compare("", "", workspace, definition);
            return diff._differences;
        }

        /// <summary>Compares the values at <paramref name="path"/>, whose form with [] for any item is <paramref name="shape"/>.</summary>
        private void Compare(string path, string shape, JsonNode? workspace, JsonNode? definition)
        {
            if (definition is null && Within(ServiceChosen, shape) || workspace is null && Within(NotAnswered, shape)) return;
            if (workspace is null || definition is null)
            {
                var given = workspace ?? definition;
                if (given is not null && !IsDefault(shape, given)) Differ(path, workspace, definition);
                return;
            }
            switch (workspace, definition)
            {
                case (JsonObject ws, JsonObject def):
                    foreach (var name in def.Select(p => p.Key).Concat(ws.Select(p => p.Key).Where(k => !def.ContainsKey(k))).ToList())
                        Compare(Paths.Child(path, name), Paths.Child(shape, name), ws[name], def[name]);
                    break;
                case (JsonArray ws, JsonArray def):
                    foreach (var (at, wsItem, defItem) in Pairs(shape, ws, def))
                        Compare($"{path}[{at}]", shape + "[]", wsItem, defItem);
                    break;
                default:
                    if (!Same(workspace, definition)) Differ(path, workspace, definition);
                    break;
            }
        }

        /// <summary>Whether <paramref name="shape"/> is one of <paramref name="fields"/> or inside one.</summary>
        private static bool Within(string[] fields, string shape) =>
            fields.Any(field => shape == field || shape.StartsWith(field + ".", StringComparison.Ordinal));

        /// <summary>The items of two arrays side by side: by their key where the array has one and every item gives it, else by position.</summary>
        private static IEnumerable<(string At, JsonNode? Workspace, JsonNode? Definition)> Pairs(string shape, JsonArray workspace, JsonArray definition)
        {
            if (Keyed.TryGetValue(shape, out var keyOf) && ByKey(workspace, keyOf) is { } ws && ByKey(definition, keyOf) is { } def)
                return def.Keys.Concat(ws.Keys.Where(k => !def.ContainsKey(k)))
                    .Select(k => (k, ws.TryGetValue(k, out var w) ? w : null, def.TryGetValue(k, out var d) ? d : (JsonNode?)null));
            return Enumerable.Range(0, Math.Max(workspace.Count, definition.Count))
                .Select(i => (i.ToString(CultureInfo.InvariantCulture), i < workspace.Count ? workspace[i] : null, i < definition.Count ? definition[i] : null));
        }

        /// <summary>The items by their key, in order; null when an item has none, or two share one (then they are compared by position).</summary>
        private static Dictionary<string, JsonNode>? ByKey(JsonArray items, Func<JsonObject, string?> keyOf)
        {
            var byKey = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                if (item is not JsonObject obj || keyOf(obj) is not string key || byKey.ContainsKey(key)) return null;
                byKey[key] = obj;
            }
            return byKey;
        }

        /// <summary>A library's key: what it installs (a package, a coordinate, a file).</summary>
        private static string? LibraryKey(JsonObject library)
        {
            if (library.Count != 1) return null;
            var (kind, value) = (library.First().Key, library.First().Value);
            return value is JsonObject spec ? Text(spec["package"]) ?? Text(spec["coordinates"]) : Text(value) is string file ? $"{kind}:{file}" : null;
        }

        /// <summary>Whether a value one side lacks is what the service would fill in, or empty.</summary>
        private bool IsDefault(string shape, JsonNode value)
        {
            // Where a task's code (notebook_task, spark_python_task, dbt_task, sql_task.file, ...) is read from: GIT with a git_source, else WORKSPACE.
            if (shape.StartsWith("tasks[]", StringComparison.Ordinal) && shape.EndsWith(".source", StringComparison.Ordinal) && Text(value) == _source) return true;
            if (Defaults.TryGetValue(shape, out var serviceDefault) && Same(serviceDefault, value)) return true;
            return value is JsonObject obj ? obj.All(p => p.Value is null || IsDefault(Paths.Child(shape, p.Key), p.Value)) : IsEmpty(value);
        }

        private static bool IsEmpty(JsonNode? value) => value switch
        {
            null => true,
            JsonObject obj => obj.All(p => IsEmpty(p.Value)),
            JsonArray array => array.Count == 0,
            JsonValue scalar => scalar.GetValueKind() switch
            {
                JsonValueKind.False or JsonValueKind.Null => true,
                JsonValueKind.String => scalar.GetValue<string>().Length == 0,
                JsonValueKind.Number => decimal.TryParse(scalar.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == 0,
                _ => false,
            },
            _ => false,
        };

        /// <summary>Whether two values are the same: numbers by value (1 and 1.0), the rest by their JSON.</summary>
        private static bool Same(JsonNode a, JsonNode b)
        {
            if (a is JsonValue x && b is JsonValue y && x.GetValueKind() == JsonValueKind.Number && y.GetValueKind() == JsonValueKind.Number
                && decimal.TryParse(x.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var m)
                && decimal.TryParse(y.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n))
                return m == n;
            return JsonNode.DeepEquals(a, b);
        }

        private void Differ(string path, JsonNode? workspace, JsonNode? definition) =>
            _differences.Add(new JobDifference(_key, path, Shown(workspace), Shown(definition)));

        /// <summary>A value as a difference shows it: text, a number, a boolean, or the JSON text of an object or array.</summary>
        private static object? Shown(JsonNode? value) => value switch
        {
            null => null,
            JsonValue scalar => scalar.GetValueKind() switch
            {
                JsonValueKind.String => scalar.GetValue<string>(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => long.TryParse(scalar.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)
                    ? (object)whole
                    : decimal.Parse(scalar.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
                _ => null,
            },
            _ => value.ToJsonString(),
        };

        private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
    }
}
