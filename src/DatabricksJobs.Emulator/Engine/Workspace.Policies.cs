using System.Text.Json;
using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Api;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Emulator.Engine;

/// <summary>
/// Cluster policies (defined by the test control <c>POST /emulator/policies</c>) and the job policy-compliance API
/// that checks a job's new clusters against them. Only the policy types fixed, allowlist, forbidden and range are
/// emulated. A cluster whose policy_id names no defined policy is not checked.
/// </summary>
public sealed partial class Workspace
{
    // The rule types emulated, and the fields a rule of each may have besides its type.
    private static readonly Dictionary<string, string[]> RuleFields = new(StringComparer.Ordinal)
    {
        ["fixed"] = ["value", "hidden"],
        ["allowlist"] = ["values", "defaultValue", "isOptional", "hidden"],
        ["forbidden"] = ["hidden"],
        ["range"] = ["minValue", "maxValue", "defaultValue", "isOptional", "hidden"],
    };

    // These attributes are maps: the rest of a policy path after them is one key (spark_conf.spark.x.y names "spark.x.y").
    private static readonly string[] MapAttributes = ["spark_conf", "spark_env_vars", "custom_tags"];

    private readonly Dictionary<string, JsonObject> _policies = new(StringComparer.Ordinal);

    /// <summary>Defines a policy, or replaces the definition of one already defined; a definition with a bad rule is refused whole.</summary>
    public ClusterPolicyList DefinePolicy(ClusterPolicy policy)
    {
        if (string.IsNullOrEmpty(policy.PolicyId)) throw ApiException.MissingField("policy_id");
        var definition = policy.Definition ?? throw ApiException.MissingField("definition");
        foreach (var (path, rule) in definition) ValidateRule(path, rule);
        _policies[policy.PolicyId] = Clone(definition);
        return ListPolicies();
    }

    /// <summary>
    /// Refuses a rule that the compliance checks could not apply, or would apply otherwise than it reads, so that a
    /// stored policy never fails them: a rule is an object of its type's fields, with values of their kind.
    /// </summary>
    private static void ValidateRule(string path, JsonNode? node)
    {
        ApiException Bad(string problem) => ApiException.InvalidParameter($"Policy attribute '{path}': {problem}.");
        if (Segments(path).Any(segment => segment.Length == 0)) throw Bad("the attribute path has an empty part");
        if (node is not JsonObject rule) throw Bad($"the rule must be an object such as {{\"type\": \"fixed\", \"value\": ...}} (it is {node?.ToJsonString() ?? "null"})");
        var type = rule["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
        if (type is null || !RuleFields.TryGetValue(type, out var fields))
            throw Bad($"type must be one of {string.Join(", ", RuleFields.Keys)}, the emulator has no other (it is {Shown(rule["type"])})");
        foreach (var (field, _) in rule)
            if (field != "type" && !fields.Contains(field)) throw Bad($"a {type} rule has no field '{field}' (it has {string.Join(", ", fields)})");
        foreach (var flag in new[] { "isOptional", "hidden" })
            if (rule[flag] is { } value && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) throw Bad($"{flag} must be true or false (it is {Shown(value)})");
        switch (type)
        {
            case "fixed":
                if (!IsScalar(rule["value"])) throw Bad($"value must be a string, number or boolean (it is {Shown(rule["value"])})");
                break;
            case "allowlist":
                if (rule["values"] is not JsonArray values || values.Count == 0 || !values.All(IsScalar))
                    throw Bad($"values must be a non-empty array of strings, numbers or booleans (it is {Shown(rule["values"])})");
                if (rule["defaultValue"] is { } allowedDefault && !values.Any(v => JsonNode.DeepEquals(v, allowedDefault)))
                    throw Bad($"defaultValue must be one of the values (it is {Shown(allowedDefault)})");
                break;
            case "range":
                if (rule["minValue"] is null && rule["maxValue"] is null) throw Bad("a range needs minValue, maxValue or both (it has neither)");
                foreach (var bound in new[] { "minValue", "maxValue" })
                    if (rule[bound] is { } value && Number(value) is null) throw Bad($"{bound} must be a number (it is {Shown(value)})");
                var (min, max) = (Number(rule["minValue"]) ?? double.NegativeInfinity, Number(rule["maxValue"]) ?? double.PositiveInfinity);
                if (min > max) throw Bad($"minValue must not be more than maxValue (they are {Shown(rule["minValue"])} and {Shown(rule["maxValue"])})");
                if (rule["defaultValue"] is { } rangeDefault && !(Number(rangeDefault) is { } x && x >= min && x <= max))
                    throw Bad($"defaultValue must be a number from minValue to maxValue (it is {Shown(rangeDefault)})");
                break;
        }
    }

    // A field given as null is as good as missing.
    private static string Shown(JsonNode? node) => node?.ToJsonString() ?? "missing";

    private static bool IsScalar(JsonNode? node) =>
        node?.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;

    private static double? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var x) ? x : null;

    public ClusterPolicyList ListPolicies() => new()
    {
        Policies = _policies.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new ClusterPolicy { PolicyId = p.Key, Definition = Clone(p.Value) }).ToList(),
    };

    public GetPolicyComplianceResponse GetCompliance(long jobId, Caller caller)
    {
        var violations = Violations(JobFor(jobId, caller, "CAN_VIEW").Settings);
        return new GetPolicyComplianceResponse { IsCompliant = violations.Count == 0, Violations = violations };
    }

    public ListJobComplianceForPolicyResponse ListCompliance(string policyId, int pageSize, string? pageToken, Caller caller)
    {
        if (!_policies.ContainsKey(policyId)) throw ApiException.NotFound($"Cluster policy {policyId} does not exist.");
        var after = PageToken.Decode(pageToken, PageToken.After)?.Value ?? long.MinValue;
        var matching = _jobs.Ascending(after)
            .Where(j => CanAccess(j, caller, "CAN_VIEW") && NewClusters(j.Settings).Any(c => PolicyOf(c.Cluster) == policyId))
            .Take(pageSize + 1).ToList();
        var more = matching.Count > pageSize;
        if (more) matching.RemoveAt(matching.Count - 1);
        return new ListJobComplianceForPolicyResponse
        {
            Jobs = matching.Select(j =>
            {
                var violations = Violations(j.Settings);
                return new JobCompliance { JobId = j.Job.JobId, IsCompliant = violations.Count == 0, Violations = violations };
            }).ToList(),
            NextPageToken = more ? new PageToken(PageToken.After, matching[^1].Job.JobId).Encode() : null,
        };
    }

    /// <summary>
    /// Sets fixed attributes to their value, drops forbidden ones, and sets allowlist and range attributes that break
    /// their rule to the rule's defaultValue when it has one (without one the job stays out of compliance).
    /// </summary>
    public EnforcePolicyComplianceResponse EnforceCompliance(long jobId, bool validateOnly, Caller caller)
    {
        var job = JobFor(jobId, caller, "CAN_MANAGE");
        var settings = Clone(job.Settings);
        var changes = new List<JobClusterSettingsChange>();
        foreach (var (prefix, cluster) in NewClusters(settings))
        {
            if (PolicyOf(cluster) is not { } policyId || !_policies.TryGetValue(policyId, out var definition)) continue;
            foreach (var (path, rule) in definition)
            {
                var current = Find(cluster, path);
                if (Violation(path, rule!, current) is null) continue;
                var type = rule!["type"]!.GetValue<string>();
                var target = type switch
                {
                    "fixed" => rule["value"],
                    "forbidden" => null,
                    _ => rule["defaultValue"],
                };
                if (target is null && type != "forbidden") continue;
                Place(cluster, path, target?.DeepClone());
                changes.Add(new JobClusterSettingsChange { Field = $"{prefix}.{path}", PreviousValue = Text(current), NewValue = Text(target) });
            }
        }
        if (changes.Count > 0 && !validateOnly)
        {
            job.Job.Settings = Clone(settings);
            IndexName(job);
            JobChanged(jobId);
        }
        return new EnforcePolicyComplianceResponse { HasChanges = changes.Count > 0, JobClusterChanges = changes, Settings = settings };
    }

    /// <summary>The violations of every new cluster of a job, keyed as the service keys them: the cluster, then the attribute.</summary>
    private Dictionary<string, string> Violations(JsonObject settings)
    {
        var violations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (prefix, cluster) in NewClusters(settings))
        {
            if (PolicyOf(cluster) is not { } policyId || !_policies.TryGetValue(policyId, out var definition)) continue;
            foreach (var (path, rule) in definition)
                if (Violation(path, rule!, Find(cluster, path)) is { } message) violations[$"{prefix}.{path}"] = message;
        }
        return violations;
    }

    private static string? Violation(string path, JsonNode rule, JsonNode? value)
    {
        var optional = rule["isOptional"] is JsonValue o && o.TryGetValue<bool>(out var b) && b;
        var shown = value is null ? "missing" : $"is {value.ToJsonString()}";
        switch (rule["type"]!.GetValue<string>())
        {
            case "fixed":
                return JsonNode.DeepEquals(value, rule["value"]) ? null
                    : $"Validation failed for {path}, the value must be {rule["value"]!.ToJsonString()} ({shown})";
            case "forbidden":
                return value is null ? null : $"Validation failed for {path}, the value cannot be present";
            case "allowlist":
                if (value is null) return optional ? null : $"Validation failed for {path}, the value must be present";
                var allowed = rule["values"]!.AsArray();
                return allowed.Any(v => JsonNode.DeepEquals(v, value)) ? null
                    : $"Validation failed for {path}, the value must be one of {allowed.ToJsonString()} ({shown})";
            default: // range
                if (value is null) return optional ? null : $"Validation failed for {path}, the value must be present";
                if (Number(value) is not { } x) return $"Validation failed for {path}, the value must be a number ({shown})";
                // A bound the rule does not have is null, which no comparison crosses.
                if (x < Number(rule["minValue"]))
                    return $"Validation failed for {path}, the value must be at least {rule["minValue"]!.ToJsonString()} ({shown})";
                if (x > Number(rule["maxValue"]))
                    return $"Validation failed for {path}, the value must be at most {rule["maxValue"]!.ToJsonString()} ({shown})";
                return null;
        }
    }

    /// <summary>The new clusters of a job (job clusters and tasks' own), each with the prefix of its field paths.</summary>
    private static IEnumerable<(string Prefix, JsonObject Cluster)> NewClusters(JsonObject settings)
    {
        foreach (var node in settings["job_clusters"] as JsonArray ?? [])
            if (node is JsonObject item && item["new_cluster"] is JsonObject cluster) yield return ($"job_clusters[{item["job_cluster_key"]}].new_cluster", cluster);
        foreach (var node in settings["tasks"] as JsonArray ?? [])
            if (node is JsonObject item && item["new_cluster"] is JsonObject cluster) yield return ($"tasks[{item["task_key"]}].new_cluster", cluster);
    }

    private static string? PolicyOf(JsonObject cluster) =>
        cluster["policy_id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;

    private static string[] Segments(string path)
    {
        var dot = path.IndexOf('.');
        return dot > 0 && MapAttributes.Contains(path[..dot]) ? [path[..dot], path[(dot + 1)..]] : path.Split('.');
    }

    private static JsonNode? Find(JsonObject cluster, string path)
    {
        JsonNode? node = cluster;
        foreach (var segment in Segments(path)) node = (node as JsonObject)?[segment];
        return node;
    }

    /// <summary>Sets the attribute at <paramref name="path"/>, making the objects on the way; null removes it.</summary>
    private static void Place(JsonObject cluster, string path, JsonNode? value)
    {
        var segments = Segments(path);
        var parent = cluster;
        foreach (var segment in segments[..^1])
        {
            if (parent[segment] is not JsonObject child)
            {
                if (value is null) return;
                parent[segment] = child = new JsonObject();
            }
            parent = child;
        }
        if (value is null) parent.Remove(segments[^1]);
        else parent[segments[^1]] = value;
    }

    // The API gives previous and new values as text for people to read: strings as they are, other values as JSON.
    private static string? Text(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString();
}
