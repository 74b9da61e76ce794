using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Api;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Emulator.Engine;

public sealed partial class Workspace
{
    /// <summary>How many tasks, job clusters, parameters, ... one 2.2 response carries.</summary>
    public const int ItemsPerPage = 100;

    /// <summary>The arrays of a job that 2.2 pages, each with the field that keys its items.</summary>
    private static readonly (string Field, string Key)[] KeyedJobArrays =
        [("tasks", "task_key"), ("job_clusters", "job_cluster_key"), ("parameters", "name"), ("environments", "environment_key")];

    public long CreateJob(JsonObject settings, Caller caller)
    {
        var grants = ReadGrants(settings["access_control_list"], "access_control_list");
        settings.Remove("access_control_list");
        SettingsValidator.Validate(settings);
        ApplyJobDefaults(settings);

        var jobId = NewId();
        var job = new JobRecord
        {
            Job = new Job
            {
                JobId = jobId,
                CreatorUserName = caller.UserName,
                RunAsUserName = RunAsUser(settings, caller.UserName),
                CreatedTime = Now,
                Settings = settings,
            },
            Grants = WithOwner(grants, caller.UserName),
        };
        AddJob(job);
        JobChanged(jobId);
        return jobId;
    }

    /// <summary>
    /// What the service fills in for fields a job's settings leave out, as jobs/get and jobs/list then answer them
    /// (the Databricks CLI's test server, which mirrors the cloud's answers, and the fields the Terraform provider's
    /// databricks_job treats as computed or suppresses the diff of). The service fills no run_as, queue or
    /// notification_settings, and no task webhook_notifications.
    /// </summary>
    private static void ApplyJobDefaults(JsonObject settings)
    {
        settings.TryAdd("name", "Untitled");
        settings.TryAdd("max_concurrent_runs", 1L);
        settings.TryAdd("timeout_seconds", 0L);
        settings.TryAdd("format", "MULTI_TASK");
        settings.TryAdd("email_notifications", new JsonObject());
        settings.TryAdd("webhook_notifications", new JsonObject());
        DefaultTriggerPauseStatus(settings);
        var source = settings["git_source"] is JsonObject ? "GIT" : "WORKSPACE";
        foreach (var task in (settings["tasks"] as JsonArray ?? []).OfType<JsonObject>()) ApplyTaskDefaults(task, source);
        foreach (var jobCluster in (settings["job_clusters"] as JsonArray ?? []).OfType<JsonObject>()) ApplyClusterDefaults(jobCluster["new_cluster"] as JsonObject);
    }

    /// <summary>The task types whose code the service says where it reads from: a <c>source</c> of GIT with a git_source, else WORKSPACE.</summary>
    private static readonly string[] SourcedTaskTypes = ["notebook_task", "spark_python_task", "dbt_task"];

    /// <summary>A task's defaults, and those of a for-each task's inner task.</summary>
    private static void ApplyTaskDefaults(JsonObject task, string source)
    {
        task.TryAdd("run_if", "ALL_SUCCESS");
        task.TryAdd("timeout_seconds", 0L);
        task.TryAdd("email_notifications", new JsonObject());
        foreach (var type in SourcedTaskTypes) (task[type] as JsonObject)?.TryAdd("source", source);
        (task["sql_task"]?["file"] as JsonObject)?.TryAdd("source", source);
        ApplyClusterDefaults(task["new_cluster"] as JsonObject);
        if (task["for_each_task"]?["task"] is JsonObject inner) ApplyTaskDefaults(inner, source);
    }

    /// <summary>
    /// What an Azure workspace, the cloud this emulator stands in for (its Entra ID sign-in), fills in for a new cluster:
    /// azure_attributes with first_on_demand 1 (the least it takes: the driver is on demand), availability ON_DEMAND_AZURE
    /// and spot_bid_max_price -1, unless the cluster draws from an instance pool (whose attributes rule) or gives another
    /// cloud's; enable_elastic_disk true (always on in Azure); data_security_mode SINGLE_USER (as the Databricks CLI's
    /// test server answers, libs/testserver/jobs.go jobFixUps). The Jobs API does not answer apply_policy_default_values.
    /// </summary>
    private static void ApplyClusterDefaults(JsonObject? cluster)
    {
        if (cluster is null) return;
        if (cluster["instance_pool_id"] is null && cluster["aws_attributes"] is null && cluster["gcp_attributes"] is null)
        {
            if (cluster["azure_attributes"] is not JsonObject azure) cluster["azure_attributes"] = azure = new JsonObject();
            azure.TryAdd("first_on_demand", 1L);
            azure.TryAdd("availability", "ON_DEMAND_AZURE");
            azure.TryAdd("spot_bid_max_price", -1.0);
        }
        cluster.TryAdd("enable_elastic_disk", true);
        cluster.TryAdd("data_security_mode", "SINGLE_USER");
        cluster.Remove("apply_policy_default_values");
    }

    /// <summary>The service always answers a pause_status for each trigger of the triggers list: UNPAUSED when none was given.</summary>
    private static void DefaultTriggerPauseStatus(JsonObject settings)
    {
        foreach (var trigger in (settings["triggers"] as JsonArray ?? []).OfType<JsonObject>()) trigger.TryAdd("pause_status", "UNPAUSED");
    }

    private static string RunAsUser(JsonObject settings, string creator) =>
        settings["run_as"] is JsonObject runAs
            ? JsonNodes.String(runAs["user_name"]) ?? JsonNodes.String(runAs["service_principal_name"]) ?? creator
            : creator;

    /// <summary>jobs/get. With <paramref name="paged"/> (API 2.2) at most 100 items of each array, the rest behind next_page_token.</summary>
    public Job GetJob(long jobId, bool paged, string? pageToken, bool includeTriggerState, Caller caller)
    {
        var job = JobFor(jobId, caller, "CAN_VIEW");
        var page = (int)(PageToken.Decode(pageToken, PageToken.Page)?.Value ?? 0);
        Job answer;
        if (!paged)
        {
            answer = job.Job;
        }
        else
        {
            var (settings, more) = PageArrays(job.Settings, page);
            answer = CopyOf(job.Job, settings, hasMore: null, nextPageToken: more ? new PageToken(PageToken.Page, page + 1).Encode() : null);
        }
        if (!includeTriggerState) return answer;
        var (state, details) = (TriggerState(job.Settings), TriggerDetails(job.Settings));
        if (state is null && details is null) return answer;
        var copy = CopyOf(answer, answer.Settings, answer.HasMore, answer.NextPageToken);
        copy.TriggerState = state;
        copy.TriggerDetails = details;
        return copy;
    }

    /// <summary>
    /// What include_trigger_state answers for a job with a trigger or continuous setting: whether it is paused, and a
    /// file-arrival or table trigger's monitoring mode.
    /// </summary>
    private static JsonObject? TriggerState(JsonObject settings)
    {
        var trigger = settings["trigger"] as JsonObject;
        var continuous = settings["continuous"] as JsonObject;
        if (trigger is null && continuous is null) return null;
        var state = new JsonObject { ["pause_status"] = (trigger ?? continuous)!["pause_status"]?.GetValue<string>() ?? "UNPAUSED" };
        if (trigger?["file_arrival"] is not null) state["file_arrival"] = WatchState("file_arrival");
        if (trigger?["table_update"] is not null || trigger?["table"] is not null) state["table"] = WatchState("table_update");
        return state;
    }

    private static readonly string[] TriggerKinds = ["continuous", "file_arrival", "model", "periodic", "schedule", "sql_condition", "table_update"];

    /// <summary>
    /// What include_trigger_state answers for a job with a triggers list (trigger_details, in the list's order): each
    /// trigger's pause status and the state of its kind, which is empty but for a file-arrival or table trigger's
    /// monitoring mode (the emulator evaluates no trigger).
    /// </summary>
    private static JsonArray? TriggerDetails(JsonObject settings)
    {
        if (settings["triggers"] is not JsonArray { Count: > 0 } triggers) return null;
        var details = new JsonArray();
        foreach (var trigger in triggers.OfType<JsonObject>())
        {
            var state = new JsonObject { ["pause_status"] = trigger["pause_status"]?.GetValue<string>() ?? "UNPAUSED" };
            foreach (var kind in TriggerKinds.Where(k => trigger[k] is not null)) state[kind] = WatchState(kind);
            details.Add(new JsonObject { ["state"] = state });
        }
        return details;
    }

    /// <summary>How a trigger of <paramref name="kind"/> watches: the emulator watches no storage, so never with file events or scalable monitoring.</summary>
    private static JsonObject WatchState(string kind) => kind switch
    {
        "file_arrival" => new JsonObject { ["using_file_events"] = false },
        "table_update" => new JsonObject { ["using_scalable_monitoring"] = false },
        _ => new JsonObject(),
    };

    /// <summary>
    /// The page <paramref name="page"/> of each pageable array (tasks, job_clusters, parameters, environments),
    /// and whether any of them has more. The first page carries every other field too.
    /// </summary>
    private static (JsonObject Settings, bool More) PageArrays(JsonObject settings, int page)
    {
        var copy = new JsonObject();
        var more = false;
        foreach (var (name, value) in settings)
        {
            var pageable = Array.Exists(KeyedJobArrays, a => a.Field == name);
            if (pageable && value is JsonArray array)
            {
                var slice = array.Skip(page * ItemsPerPage).Take(ItemsPerPage).Select(n => n?.DeepClone()).ToArray();
                more |= array.Count > (page + 1) * ItemsPerPage;
                if (slice.Length > 0 || page == 0) copy[name] = new JsonArray(slice);
            }
            else if (page == 0)
            {
                copy[name] = value?.DeepClone();
            }
        }
        return (copy, more);
    }

    private static Job CopyOf(Job job, JsonObject? settings, bool? hasMore, string? nextPageToken) => new()
    {
        JobId = job.JobId,
        CreatorUserName = job.CreatorUserName,
        RunAsUserName = job.RunAsUserName,
        CreatedTime = job.CreatedTime,
        Settings = settings,
        HasMore = hasMore,
        NextPageToken = nextPageToken,
    };

    /// <summary>
    /// jobs/list: ascending job id, keyset paged; <paramref name="name"/> is an exact, case-insensitive filter, answered
    /// from the jobs of that name alone.
    /// </summary>
    public ListJobsResponse ListJobs(int limit, int offset, string? pageToken, string? name, bool expandTasks, bool paged, Caller caller)
    {
        var token = PageToken.Decode(pageToken, PageToken.After, PageToken.Before);
        var jobs = name is null ? _jobs : _jobsByName.GetValueOrDefault(name) ?? new IdOrderedList<JobRecord>(j => j.Job.JobId);
        bool Matches(JobRecord j) => CanAccess(j, caller, "CAN_VIEW");

        List<JobRecord> page;
        if (token is { Kind: PageToken.Before } before)
        {
            // A previous page: the `limit` matching jobs just below the first job of the page we came from.
            page = jobs.Descending(before.Value).Where(Matches).Take(limit).Reverse().ToList();
        }
        else
        {
            var after = token?.Value ?? long.MinValue;
            page = jobs.Ascending(after).Where(Matches).Skip(token is null ? offset : 0).Take(limit + 1).ToList();
        }

        var hasMore = page.Count > limit || (token is { Kind: PageToken.Before } && page.Count > 0 && jobs.Ascending(page[^1].Job.JobId).Any(Matches));
        if (page.Count > limit) page.RemoveAt(page.Count - 1);
        var hasPrevious = page.Count > 0 && (jobs.Descending(page[0].Job.JobId).Any(Matches));
        return new ListJobsResponse
        {
            Jobs = page.Count == 0 ? null : page.Select(j => ListView(j, expandTasks, paged)).ToList(),
            HasMore = hasMore,
            NextPageToken = hasMore ? new PageToken(PageToken.After, page[^1].Job.JobId).Encode() : null,
            PrevPageToken = hasPrevious ? new PageToken(PageToken.Before, page[0].Job.JobId).Encode() : null,
        };
    }

    /// <summary>A job as jobs/list shows it: tasks and job clusters only when expanded, and then at most 100 in 2.2.</summary>
    private static Job ListView(JobRecord job, bool expandTasks, bool paged)
    {
        if (expandTasks)
        {
            if (!paged) return job.Job;
            var (settings, more) = PageArrays(job.Settings, 0);
            return CopyOf(job.Job, settings, hasMore: more ? true : null, nextPageToken: null);
        }
        var trimmed = new JsonObject();
        foreach (var (field, value) in job.Settings)
        {
            if (field is not ("tasks" or "job_clusters")) trimmed[field] = value?.DeepClone();
        }
        return CopyOf(job.Job, trimmed, hasMore: null, nextPageToken: null);
    }

    /// <summary>jobs/update: top-level fields replace; tasks, job clusters, parameters and environments merge by key.</summary>
    public void UpdateJob(long jobId, JsonObject? newSettings, List<string>? fieldsToRemove, Caller caller)
    {
        var job = JobFor(jobId, caller, "CAN_MANAGE");
        var merged = Clone(job.Settings);
        foreach (var field in fieldsToRemove ?? []) RemoveField(merged, field);
        foreach (var (field, value) in newSettings ?? [])
        {
            var keyed = Array.Find(KeyedJobArrays, a => a.Field == field);
            if (keyed.Field is not null && value is JsonArray incoming && merged[field] is JsonArray existing)
            {
                MergeByKey(existing, incoming, keyed.Key, field);
            }
            else
            {
                merged[field] = value?.DeepClone();
            }
        }
        SettingsValidator.Validate(merged);
        ApplyJobDefaults(merged);
        job.Job.Settings = merged;
        job.Job.RunAsUserName = RunAsUser(merged, job.Job.CreatorUserName!);
        IndexName(job);
        JobChanged(jobId);
    }

    private static void MergeByKey(JsonArray existing, JsonArray incoming, string key, string field)
    {
        foreach (var node in incoming)
        {
            if (node is not JsonObject item || item[key] is not JsonValue keyValue || !keyValue.TryGetValue<string>(out var itemKey))
                throw ApiException.InvalidParameter($"Every item of {field} must have a {key}.");
            var index = existing.ToList().FindIndex(e => e is JsonObject o && o[key]?.GetValue<string>() == itemKey);
            var clone = item.DeepClone();
            if (index >= 0) existing[index] = clone; else existing.Add(clone);
        }
    }

    private static void RemoveField(JsonObject settings, string? field)
    {
        if (string.IsNullOrEmpty(field)) throw ApiException.InvalidParameter("fields_to_remove cannot hold an empty field name.");
        var slash = field.IndexOf('/');
        if (slash < 0)
        {
            if (!SettingsValidator.JobSettingsFields.Contains(field))
                throw ApiException.InvalidParameter($"Cannot remove field '{field}': it is not a field of the job settings.");
            settings.Remove(field);
            return;
        }
        var (arrayField, key) = (field[..slash], field[(slash + 1)..]);
        var keyed = Array.Find(KeyedJobArrays, a => a.Field == arrayField);
        if (keyed.Field is null)
            throw ApiException.InvalidParameter($"Cannot remove field '{field}': only tasks/<task_key> and job_clusters/<job_cluster_key> can be removed by key.");
        var array = settings[arrayField] as JsonArray;
        var item = array?.FirstOrDefault(e => e is JsonObject o && o[keyed.Key]?.GetValue<string>() == key);
        if (item is null)
            throw ApiException.InvalidParameter($"Cannot remove field '{field}': the job has no {arrayField} item with {keyed.Key} '{key}'.");
        array!.Remove(item);
    }

    /// <summary>
    /// jobs/reset: every setting is replaced and the defaults filled in again, but for run_as: new settings without one
    /// keep the job's run_as, as the service does (the Databricks CLI's cloud test bundle/run_as/job_default).
    /// </summary>
    public void ResetJob(long jobId, JsonObject newSettings, Caller caller)
    {
        var job = JobFor(jobId, caller, "CAN_MANAGE");
        newSettings.Remove("access_control_list");
        SettingsValidator.Validate(newSettings);
        if (!newSettings.ContainsKey("run_as") && job.Settings["run_as"] is JsonObject runAs) newSettings["run_as"] = runAs.DeepClone();
        ApplyJobDefaults(newSettings);
        job.Job.Settings = newSettings;
        job.Job.RunAsUserName = RunAsUser(newSettings, job.Job.CreatorUserName!);
        IndexName(job);
        JobChanged(jobId);
    }

    /// <summary>jobs/delete. The job's runs stay, as in the service.</summary>
    public void DeleteJob(long jobId, Caller caller)
    {
        JobFor(jobId, caller, "CAN_MANAGE");
        _jobsById.Remove(jobId);
        _jobs.Remove(jobId);
        UnindexName(jobId);
        JobDeleted(jobId);
    }

    // ---- permissions -------------------------------------------------------------------------

    public JobPermissions GetPermissions(long jobId, Caller caller) => PermissionsView(JobFor(jobId, caller, "CAN_VIEW"));

    /// <summary>PUT replaces the direct grants (the owner stays unless another is named); PATCH adds or changes grants.</summary>
    public JobPermissions SetPermissions(long jobId, JsonNode? acl, bool replace, Caller caller)
    {
        var job = JobFor(jobId, caller, "CAN_MANAGE");
        var grants = ReadGrants(acl, "access_control_list");
        var merged = replace ? [] : job.Grants.ToList();
        foreach (var grant in grants)
        {
            merged.RemoveAll(g => SamePrincipal(g, grant));
            merged.Add(grant);
        }
        var owners = merged.Count(g => g.PermissionLevel == "IS_OWNER");
        if (owners > 1) throw ApiException.InvalidParameter("A job can only have one owner.");
        if (owners == 0)
        {
            var owner = job.Grants.Find(g => g.PermissionLevel == "IS_OWNER");
            if (owner is not null)
            {
                merged.RemoveAll(g => SamePrincipal(g, owner));
                merged.Add(owner);
            }
        }
        job.Grants = merged;
        JobChanged(jobId);
        return PermissionsView(job);
    }

    private static List<AccessControlRequest> ReadGrants(JsonNode? node, string path)
    {
        if (node is null) return [];
        if (node is not JsonArray array)
            throw ApiException.Malformed($"Invalid JSON given in the body of the request - expected an array for field '{path}'");
        var grants = new List<AccessControlRequest>();
        foreach (var item in array)
        {
            if (item is not JsonObject entry)
                throw ApiException.Malformed($"Invalid JSON given in the body of the request - expected an object for field '{path}[]'");
            var grant = new AccessControlRequest
            {
                UserName = SettingsValidator.OptionalString(entry, "user_name", $"{path}.user_name"),
                GroupName = SettingsValidator.OptionalString(entry, "group_name", $"{path}.group_name"),
                ServicePrincipalName = SettingsValidator.OptionalString(entry, "service_principal_name", $"{path}.service_principal_name"),
                PermissionLevel = SettingsValidator.OptionalString(entry, "permission_level", $"{path}.permission_level"),
            };
            var principals = new[] { grant.UserName, grant.GroupName, grant.ServicePrincipalName }.Count(p => p is not null);
            if (principals != 1)
                throw ApiException.InvalidParameter("Each access control entry needs exactly one of user_name, group_name or service_principal_name.");
            if (Rank(grant.PermissionLevel) == 0)
                throw ApiException.InvalidParameter(
                    $"Invalid permission level '{grant.PermissionLevel}': expected one of {string.Join(", ", PermissionLevels)}.");
            if (grant.PermissionLevel == "IS_OWNER" && grant.GroupName is not null)
                throw ApiException.InvalidParameter("A group cannot be the owner of a job.");
            grants.Add(grant);
        }
        return grants;
    }

    private static bool SamePrincipal(AccessControlRequest a, AccessControlRequest b) =>
        a.UserName == b.UserName && a.GroupName == b.GroupName && a.ServicePrincipalName == b.ServicePrincipalName;

    private static List<AccessControlRequest> WithOwner(List<AccessControlRequest> grants, string creator)
    {
        if (!grants.Exists(g => g.PermissionLevel == "IS_OWNER"))
            grants.Add(new AccessControlRequest { UserName = creator, PermissionLevel = "IS_OWNER" });
        return grants;
    }

    private static JobPermissions PermissionsView(JobRecord job)
    {
        var view = new JobPermissions { ObjectId = $"/jobs/{job.Job.JobId}" };
        foreach (var grant in job.Grants)
        {
            view.AccessControlList.Add(new JobAccessControlResponse
            {
                UserName = grant.UserName,
                GroupName = grant.GroupName,
                ServicePrincipalName = grant.ServicePrincipalName,
                DisplayName = grant.UserName ?? grant.ServicePrincipalName ?? grant.GroupName,
                AllPermissions = [new JobPermission { PermissionLevel = grant.PermissionLevel, Inherited = false }],
            });
        }
        view.AccessControlList.Add(new JobAccessControlResponse
        {
            GroupName = "admins",
            AllPermissions = [new JobPermission { PermissionLevel = "CAN_MANAGE", Inherited = true, InheritedFromObject = ["/jobs/"] }],
        });
        return view;
    }

    public GetJobPermissionLevelsResponse GetPermissionLevels(long jobId, Caller caller)
    {
        JobFor(jobId, caller, "CAN_VIEW");
        return new GetJobPermissionLevelsResponse
        {
            PermissionLevels =
            [
                new() { PermissionLevel = "CAN_VIEW", Description = "Can view the job and its runs" },
                new() { PermissionLevel = "CAN_MANAGE_RUN", Description = "Can view, trigger and cancel runs of the job" },
                new() { PermissionLevel = "CAN_MANAGE", Description = "Can edit, delete and manage permissions of the job" },
                new() { PermissionLevel = "IS_OWNER", Description = "Owns the job; runs run as the owner" },
            ],
        };
    }
}
