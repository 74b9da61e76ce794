using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DatabricksJobs.Emulator.Api;

namespace DatabricksJobs.Emulator.Engine;

/// <summary>
/// Checks job settings (create, reset, update) and one-time run specs (submit) as the service does:
/// a wrong JSON type is 400 MALFORMED_REQUEST; a bad value or a broken task graph is 400 INVALID_PARAMETER_VALUE.
/// Fields it does not know are kept and passed back as they were given.
/// </summary>
public static partial class SettingsValidator
{
    public static readonly string[] TaskTypes =
    [
        "agentic_task", "ai_runtime_task", "alert_task", "clean_rooms_notebook_task", "condition_task",
        "dashboard_task", "dbt_cloud_task", "dbt_platform_task", "dbt_task", "for_each_task",
        "gen_ai_compute_task", "genie_task", "notebook_task", "pipeline_task", "power_bi_task",
        "python_operator_task", "python_wheel_task", "run_job_task", "spark_jar_task", "spark_python_task",
        "spark_submit_task", "sql_task",
    ];

    public static readonly string[] RunIfValues =
        ["ALL_SUCCESS", "ALL_DONE", "NONE_FAILED", "AT_LEAST_ONE_SUCCESS", "ALL_FAILED", "AT_LEAST_ONE_FAILED"];

    /// <summary>Every top-level field of JobSettings, which is what fields_to_remove may name.</summary>
    public static readonly HashSet<string> JobSettingsFields =
    [
        "budget_policy_id", "continuous", "deployment", "description", "edit_mode", "email_notifications",
        "environment_variables", "environments", "format", "git_source", "health", "job_clusters",
        "max_concurrent_runs", "name", "notification_settings", "parameters", "parent_path", "performance_target",
        "queue", "run_as", "schedule", "tags", "tasks", "timeout_seconds", "trigger", "triggers",
        "usage_policy_id", "webhook_notifications",
    ];

    private static readonly string[] ObjectFields =
    [
        "continuous", "deployment", "email_notifications", "git_source", "health", "notification_settings",
        "run_as", "trigger", "webhook_notifications",
    ];

    private static readonly string[] StringFields = ["name", "description", "budget_policy_id", "usage_policy_id", "parent_path"];

    [GeneratedRegex(@"^[\w\-]+$")]
    private static partial Regex TaskKeyPattern();

    /// <summary>Checks the settings of a job. <paramref name="oneTimeRun"/> checks a submit body instead.</summary>
    public static void Validate(JsonObject settings, bool oneTimeRun = false)
    {
        foreach (var field in StringFields) OptionalString(settings, field, field);
        if (oneTimeRun) OptionalString(settings, "run_name", "run_name");
        OptionalEnum(settings, "format", "format", "MULTI_TASK", "SINGLE_TASK");
        OptionalEnum(settings, "edit_mode", "edit_mode", "EDITABLE", "UI_LOCKED");
        OptionalEnum(settings, "performance_target", "performance_target", "PERFORMANCE_OPTIMIZED", "STANDARD");
        var maxConcurrent = OptionalInt(settings, "max_concurrent_runs", "max_concurrent_runs");
        if (maxConcurrent is < 0 or > 1000)
            throw ApiException.InvalidParameter("max_concurrent_runs must be between 0 and 1000.");
        var timeout = OptionalInt(settings, "timeout_seconds", "timeout_seconds");
        if (timeout < 0) throw ApiException.InvalidParameter("timeout_seconds must not be negative.");
        foreach (var field in ObjectFields) OptionalObject(settings, field, field);

        if (OptionalObject(settings, "queue", "queue") is { } queue) OptionalBool(queue, "enabled", "queue.enabled");
        // runs/submit takes no schedule: there it is an unknown field, ignored as the service ignores those.
        if (!oneTimeRun && OptionalObject(settings, "schedule", "schedule") is { } schedule) ValidateSchedule(schedule, "schedule", required: true);
        if (OptionalObject(settings, "tags", "tags") is { Count: > 25 })
            throw ApiException.InvalidParameter("A job can have at most 25 tags.");
        OptionalStringMap(settings, "tags", "tags");
        foreach (var field in new[] { "environments", "environment_variables", "triggers", "access_control_list" })
            OptionalObjectArray(settings, field, field);
        if (!oneTimeRun)
        {
            // The newer triggers list: a schedule trigger carries the same cron expression and time zone; each trigger its own pause status.
            foreach (var trigger in OptionalObjectArray(settings, "triggers", "triggers"))
            {
                OptionalEnum(trigger, "pause_status", "triggers.pause_status", "PAUSED", "UNPAUSED");
                if (OptionalObject(trigger, "schedule", "triggers.schedule") is { } cron) ValidateSchedule(cron, "triggers.schedule", required: false);
            }
        }

        var clusterKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cluster in OptionalObjectArray(settings, "job_clusters", "job_clusters"))
        {
            var key = RequiredString(cluster, "job_cluster_key", "job_clusters.job_cluster_key");
            if (!clusterKeys.Add(key)) throw ApiException.InvalidParameter($"Duplicate job cluster key '{key}'.");
            OptionalObject(cluster, "new_cluster", "job_clusters.new_cluster");
        }

        var parameterNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in OptionalObjectArray(settings, "parameters", "parameters"))
        {
            var name = RequiredString(parameter, "name", "parameters.name");
            if (!parameterNames.Add(name)) throw ApiException.InvalidParameter($"Duplicate job parameter '{name}'.");
            if (parameter["default"] is null)
                throw ApiException.InvalidParameter($"Job parameter '{name}' must have a default value.");
            RequiredString(parameter, "default", "parameters.default");
        }

        ValidateTasks(OptionalObjectArray(settings, "tasks", "tasks"), clusterKeys, oneTimeRun);
    }

    private static void ValidateTasks(List<JsonObject> tasks, HashSet<string> clusterKeys, bool oneTimeRun)
    {
        var byKey = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            var key = RequiredString(task, "task_key", "tasks.task_key");
            if (key.Length is 0 or > 100 || !TaskKeyPattern().IsMatch(key))
                throw ApiException.InvalidParameter(
                    $"Invalid task_key '{key}': use 1 to 100 letters, digits, '_' or '-'.");
            if (!byKey.TryAdd(key, task))
                throw ApiException.InvalidParameter($"Task key '{key}' is not unique. Task keys must be unique within a job.");
            ValidateTask(task, key, clusterKeys, oneTimeRun);
        }

        foreach (var (key, task) in byKey)
        {
            foreach (var dependency in DependencyKeys(task))
            {
                if (!byKey.ContainsKey(dependency))
                    throw ApiException.InvalidParameter($"Task {key} depends on {dependency}, which is not defined in the job.");
            }
        }
        ThrowOnCycle(byKey);
    }

    private static void ValidateTask(JsonObject task, string key, HashSet<string> clusterKeys, bool oneTimeRun)
    {
        var path = $"tasks[{key}]";
        foreach (var field in new[] { "description", "existing_cluster_id", "job_cluster_key", "environment_key" })
            OptionalString(task, field, $"{path}.{field}");
        OptionalEnum(task, "run_if", $"{path}.run_if", RunIfValues);
        foreach (var field in new[] { "retry_on_timeout", "disabled", "disable_auto_optimization" })
            OptionalBool(task, field, $"{path}.{field}");
        if (OptionalInt(task, "max_retries", $"{path}.max_retries") < -1)
            throw ApiException.InvalidParameter($"{path}.max_retries must be -1 (retry forever) or more.");
        if (OptionalInt(task, "min_retry_interval_millis", $"{path}.min_retry_interval_millis") < 0)
            throw ApiException.InvalidParameter($"{path}.min_retry_interval_millis must not be negative.");
        if (OptionalInt(task, "timeout_seconds", $"{path}.timeout_seconds") < 0)
            throw ApiException.InvalidParameter($"{path}.timeout_seconds must not be negative.");
        foreach (var field in new[] { "new_cluster", "email_notifications", "notification_settings", "webhook_notifications", "health", "compute" })
            OptionalObject(task, field, $"{path}.{field}");
        OptionalObjectArray(task, "libraries", $"{path}.libraries");

        foreach (var dependency in OptionalObjectArray(task, "depends_on", $"{path}.depends_on"))
        {
            RequiredString(dependency, "task_key", $"{path}.depends_on.task_key");
            OptionalString(dependency, "outcome", $"{path}.depends_on.outcome");
        }

        var clusterKey = task["job_cluster_key"]?.GetValue<string>();
        if (clusterKey is not null && (oneTimeRun || !clusterKeys.Contains(clusterKey)))
            throw ApiException.InvalidParameter(
                $"Task {key} refers to job cluster '{clusterKey}', which is not defined in the job's job_clusters.");

        var types = TaskTypes.Where(type => task[type] is not null).ToList();
        if (types.Count != 1)
            throw ApiException.InvalidParameter(types.Count == 0
                ? $"Task {key} has no task type: give exactly one of notebook_task, spark_python_task, python_wheel_task, sql_task, ..."
                : $"Task {key} has more than one task type ({string.Join(", ", types)}): give exactly one.");
        var body = OptionalObject(task, types[0], $"{path}.{types[0]}")!;
        ValidateTaskType(types[0], body, $"{path}.{types[0]}");
        if (types[0] == "for_each_task") ValidateForEach(body, $"{path}.for_each_task", clusterKeys, oneTimeRun);
    }

    /// <summary>A for-each task: its inputs, a concurrency of 1 to 100, and a nested task that is not a for-each task itself.</summary>
    private static void ValidateForEach(JsonObject forEach, string path, HashSet<string> clusterKeys, bool oneTimeRun)
    {
        RequiredString(forEach, "inputs", $"{path}.inputs");
        if (OptionalInt(forEach, "concurrency", $"{path}.concurrency") is < 1 or > 100)
            throw ApiException.InvalidParameter($"{path}.concurrency must be between 1 and 100.");
        var nested = OptionalObject(forEach, "task", $"{path}.task") ?? throw ApiException.MissingField($"{path}.task");
        var key = RequiredString(nested, "task_key", $"{path}.task.task_key");
        if (nested["for_each_task"] is not null)
            throw ApiException.InvalidParameter($"{path}.task: a for-each task cannot run another for-each task.");
        ValidateTask(nested, key, clusterKeys, oneTimeRun);
    }

    private static void ValidateTaskType(string type, JsonObject body, string path)
    {
        switch (type)
        {
            case "notebook_task":
                RequiredString(body, "notebook_path", $"{path}.notebook_path");
                OptionalStringMap(body, "base_parameters", $"{path}.base_parameters");
                OptionalEnum(body, "source", $"{path}.source", "WORKSPACE", "GIT");
                break;
            case "spark_python_task":
                RequiredString(body, "python_file", $"{path}.python_file");
                OptionalStringArray(body, "parameters", $"{path}.parameters");
                break;
            case "python_wheel_task":
                RequiredString(body, "package_name", $"{path}.package_name");
                RequiredString(body, "entry_point", $"{path}.entry_point");
                OptionalStringArray(body, "parameters", $"{path}.parameters");
                OptionalStringMap(body, "named_parameters", $"{path}.named_parameters");
                break;
            case "spark_jar_task":
            case "spark_submit_task":
                OptionalStringArray(body, "parameters", $"{path}.parameters");
                break;
            case "sql_task":
                OptionalStringMap(body, "parameters", $"{path}.parameters");
                break;
            case "run_job_task":
                if (OptionalInt(body, "job_id", $"{path}.job_id") is null) throw ApiException.MissingField($"{path}.job_id");
                OptionalStringMap(body, "job_parameters", $"{path}.job_parameters");
                break;
            case "condition_task":
                OptionalEnum(body, "op", $"{path}.op", "EQUAL_TO", "NOT_EQUAL", "GREATER_THAN", "GREATER_THAN_OR_EQUAL", "LESS_THAN", "LESS_THAN_OR_EQUAL");
                OptionalString(body, "left", $"{path}.left");
                OptionalString(body, "right", $"{path}.right");
                break;
        }
    }

    public static IEnumerable<string> DependencyKeys(JsonObject task) =>
        task["depends_on"] is JsonArray deps
            ? deps.OfType<JsonObject>().Select(d => d["task_key"]?.GetValue<string>()).OfType<string>()
            : [];

    private static void ThrowOnCycle(Dictionary<string, JsonObject> tasks)
    {
        // 0 = unvisited, 1 = on the current path, 2 = done.
        var mark = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var start in tasks.Keys)
        {
            if (mark.GetValueOrDefault(start) != 0) continue;
            var stack = new Stack<(string Key, IEnumerator<string> Next)>();
            mark[start] = 1;
            stack.Push((start, DependencyKeys(tasks[start]).GetEnumerator()));
            while (stack.Count > 0)
            {
                var (key, next) = stack.Peek();
                if (!next.MoveNext())
                {
                    mark[key] = 2;
                    stack.Pop();
                    continue;
                }
                var dep = next.Current;
                switch (mark.GetValueOrDefault(dep))
                {
                    case 1:
                        throw ApiException.InvalidParameter($"The task dependencies form a cycle through task {dep}.");
                    case 0:
                        mark[dep] = 1;
                        stack.Push((dep, DependencyKeys(tasks[dep]).GetEnumerator()));
                        break;
                }
            }
        }
    }

    /// <summary>
    /// A cron schedule as the service checks it: a Quartz expression (the service's message, and what is wrong) and a
    /// time zone id its Java knows; both are required in a job's schedule.
    /// </summary>
    private static void ValidateSchedule(JsonObject schedule, string path, bool required)
    {
        var cron = required
            ? RequiredString(schedule, "quartz_cron_expression", $"{path}.quartz_cron_expression")
            : OptionalString(schedule, "quartz_cron_expression", $"{path}.quartz_cron_expression");
        var timeZone = required
            ? RequiredString(schedule, "timezone_id", $"{path}.timezone_id")
            : OptionalString(schedule, "timezone_id", $"{path}.timezone_id");
        OptionalEnum(schedule, "pause_status", $"{path}.pause_status", "PAUSED", "UNPAUSED");
        if (cron is not null && QuartzCron.Problem(cron) is { } problem)
            throw ApiException.InvalidParameter(
                $"Invalid quartz_cron_expression: {cron}. Databricks uses Quartz cron syntax, which is different from the standard cron syntax. " +
                $"See http://www.quartz-scheduler.org/documentation/quartz-2.3.0/tutorials/crontrigger.html for more details. Here {problem}");
        if (timeZone is not null && !JavaTimeZones.IsKnown(timeZone))
            throw ApiException.InvalidParameter(
                $"Invalid timezone_id: {timeZone}. Use a Java time zone id, such as UTC, Europe/London or America/Los_Angeles.");
    }

    // JSON kind checks. A missing or null field is absent.

    private static JsonValueKind KindOf(JsonNode? node) => node?.GetValueKind() ?? JsonValueKind.Null;

    private static Exception WrongType(string path, string expected, JsonNode? node) =>
        ApiException.Malformed(
            $"Invalid JSON given in the body of the request - expected {expected} for field '{path}', found {KindOf(node).ToString().ToLowerInvariant()}");

    public static string? OptionalString(JsonObject obj, string field, string path)
    {
        var node = obj[field];
        if (node is null) return null;
        return KindOf(node) == JsonValueKind.String ? node.GetValue<string>() : throw WrongType(path, "a string", node);
    }

    public static string RequiredString(JsonObject obj, string field, string path) =>
        OptionalString(obj, field, path) ?? throw ApiException.MissingField(path);

    public static long? OptionalInt(JsonObject obj, string field, string path)
    {
        var node = obj[field];
        if (node is null) return null;
        return KindOf(node) is JsonValueKind.Number or JsonValueKind.String && JsonNodes.Long(node) is { } value
            ? value
            : throw WrongType(path, "an integer", node);
    }

    public static bool? OptionalBool(JsonObject obj, string field, string path)
    {
        var node = obj[field];
        if (node is null) return null;
        return KindOf(node) switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw WrongType(path, "a boolean", node),
        };
    }

    public static JsonObject? OptionalObject(JsonObject obj, string field, string path)
    {
        var node = obj[field];
        if (node is null) return null;
        return node as JsonObject ?? throw WrongType(path, "an object", node);
    }

    public static List<JsonObject> OptionalObjectArray(JsonObject obj, string field, string path)
    {
        var node = obj[field];
        if (node is null) return [];
        if (node is not JsonArray array) throw WrongType(path, "an array", node);
        return array.Select(item => item as JsonObject ?? throw WrongType(path + "[]", "an object", item)).ToList();
    }

    private static void OptionalStringArray(JsonObject obj, string field, string path)
    {
        var node = obj[field];
        if (node is null) return;
        if (node is not JsonArray array) throw WrongType(path, "an array", node);
        foreach (var item in array)
        {
            if (KindOf(item) != JsonValueKind.String) throw WrongType(path + "[]", "a string", item);
        }
    }

    private static void OptionalStringMap(JsonObject obj, string field, string path)
    {
        if (OptionalObject(obj, field, path) is not { } map) return;
        foreach (var (key, value) in map)
        {
            if (KindOf(value) != JsonValueKind.String) throw WrongType($"{path}.{key}", "a string", value);
        }
    }

    private static void OptionalEnum(JsonObject obj, string field, string path, params string[] allowed)
    {
        var value = OptionalString(obj, field, path);
        if (value is not null && Array.IndexOf(allowed, value) < 0)
            throw ApiException.InvalidParameter($"Invalid value '{value}' for {path}: expected one of {string.Join(", ", allowed)}.");
    }
}
