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
    private static readonly string[] PolicyTypes = ["fixed", "allowlist", "forbidden", "range"];

    // These attributes are maps: the rest of a policy path after them is one key (spark_conf.spark.x.y names "spark.x.y").
    private static readonly string[] MapAttributes = ["spark_conf", "spark_env_vars", "custom_tags"];

    private readonly Dictionary<string, JsonObject> _policies = new(StringComparer.Ordinal);

    /// <summary>Defines a policy, or replaces the definition of one already defined.</summary>
    public ClusterPolicyList DefinePolicy(ClusterPolicy policy)
    {
        if (string.IsNullOrEmpty(policy.PolicyId)) throw ApiException.MissingField("policy_id");
        var definition = policy.Definition ?? throw ApiException.MissingField("definition");
        foreach (var (path, rule) in definition)
        {
            var type = rule?["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
            if (!PolicyTypes.Contains(type))
                throw ApiException.InvalidParameter($"Policy attribute '{path}': type must be one of {string.Join(", ", PolicyTypes)} (the emulator has no other).");
            if (type == "fixed" && rule!["value"] is null) throw ApiException.InvalidParameter($"Policy attribute '{path}': a fixed attribute needs a value.");
            if (type == "allowlist" && rule!["values"] is not JsonArray) throw ApiException.InvalidParameter($"Policy attribute '{path}': an allowlist needs values.");
            if (type == "range" && rule!["minValue"] is null && rule["maxValue"] is null)
                throw ApiException.InvalidParameter($"Policy attribute '{path}': a range needs minValue or maxValue.");
        }
        _policies[policy.PolicyId] = Clone(definition);
        return ListPolicies();
    }

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
                if (value is not JsonValue number || !number.TryGetValue<double>(out var x))
                    return $"Validation failed for {path}, the value must be a number ({shown})";
                if (rule["minValue"] is JsonValue min && x < min.GetValue<double>())
                    return $"Validation failed for {path}, the value must be at least {min.ToJsonString()} ({shown})";
                if (rule["maxValue"] is JsonValue max && x > max.GetValue<double>())
                    return $"Validation failed for {path}, the value must be at most {max.ToJsonString()} ({shown})";
                return null;
        }
    }

    /// <summary>The new clusters of a job (job clusters and tasks' own), each with the prefix of its field paths.</summary>
    private static IEnumerable<(string Prefix, JsonObject Cluster)> NewClusters(JsonObject settings)
    {
        foreach (var node in settings["job_clusters"] as JsonArray ?? [])
            if (node?["new_cluster"] is JsonObject cluster) yield return ($"job_clusters[{node["job_cluster_key"]}].new_cluster", cluster);
        foreach (var node in settings["tasks"] as JsonArray ?? [])
            if (node?["new_cluster"] is JsonObject cluster) yield return ($"tasks[{node["task_key"]}].new_cluster", cluster);
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
