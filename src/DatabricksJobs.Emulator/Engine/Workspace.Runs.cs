using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Api;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Emulator.Engine;

public sealed partial class Workspace
{
    public const int MaxIdempotencyTokenLength = 64;

    /// <summary>jobs/run-now. The same idempotency token answers the run it started before.</summary>
    public RunNowResponse RunNow(RunNowRequest request, Caller caller, string baseUrl)
    {
        var jobId = request.JobId ?? throw ApiException.MissingField("job_id");
        var job = JobFor(jobId, caller, "CAN_MANAGE_RUN");
        if (ExistingRunFor(request.IdempotencyToken) is { } existing)
            return new RunNowResponse { RunId = existing, NumberInJob = existing };

        var taskKeys = TaskSpecs(job.Settings).Select(t => t["task_key"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        foreach (var key in request.Only ?? [])
        {
            if (!taskKeys.Contains(key))
                throw ApiException.InvalidParameter($"Task key '{key}' in 'only' is not a task of job {jobId}.");
        }
        if (taskKeys.Count == 0) throw ApiException.InvalidParameter($"Job {jobId} has no tasks to run.");

        var queueEnabled = request.Queue?.Enabled ?? JsonNodes.Bool(job.Settings["queue"]?["enabled"]) ?? false;
        var run = CreateRun(job, Clone(job.Settings), request, "JOB_RUN", job.Settings["name"]?.GetValue<string>() ?? "Untitled",
            request.Only, queueEnabled, request.IdempotencyToken, caller, baseUrl);
        return new RunNowResponse { RunId = run.RunId, NumberInJob = run.RunId };
    }

    /// <summary>jobs/runs/submit: a one-time run of the tasks given.</summary>
    public SubmitRunResponse Submit(JsonObject body, Caller caller, string baseUrl)
    {
        var token = SettingsValidator.OptionalString(body, "idempotency_token", "idempotency_token");
        SettingsValidator.Validate(body, oneTimeRun: true);
        if (ExistingRunFor(token) is { } existing) return new SubmitRunResponse { RunId = existing };
        if (TaskSpecs(body).Count == 0) throw ApiException.InvalidParameter("A one-time run needs at least one task.");

        var settings = Clone(body);
        foreach (var field in new[] { "idempotency_token", "access_control_list", "run_name" }) settings.Remove(field);
        var queueEnabled = JsonNodes.Bool(settings["queue"]?["enabled"]) ?? false;
        var run = CreateRun(null, settings, new RunOverrides(), "SUBMIT_RUN",
            SettingsValidator.OptionalString(body, "run_name", "run_name") ?? "Untitled", null, queueEnabled, token, caller, baseUrl);
        return new SubmitRunResponse { RunId = run.RunId };
    }

    private long? ExistingRunFor(string? token)
    {
        if (token is null) return null;
        if (token.Length > MaxIdempotencyTokenLength)
            throw ApiException.InvalidParameter($"idempotency_token must be at most {MaxIdempotencyTokenLength} characters long.");
        if (!_idempotencyTokens.TryGetValue(token, out var runId)) return null;
        if (!_runsById.ContainsKey(runId))
            throw ApiException.InvalidParameter($"The run started with idempotency token '{token}' was deleted; use a new token.");
        return runId;
    }

    private static List<JsonObject> TaskSpecs(JsonObject settings) =>
        (settings["tasks"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    private RunRecord CreateRun(JobRecord? job, JsonObject settings, RunOverrides overrides, string runType, string runName,
        List<string>? only, bool queueEnabled, string? idempotencyToken, Caller caller, string baseUrl)
    {
        var now = Now;
        var runId = NewId();
        var jobId = job?.Job.JobId;
        var view = new Run
        {
            JobId = jobId,
            RunId = runId,
            NumberInJob = runId,
            OriginalAttemptRunId = runId,
            CreatorUserName = caller.UserName,
            RunName = runName,
            RunType = runType,
            Trigger = "ONE_TIME",
            StartTime = now,
            RunPageUrl = RunPageUrl(baseUrl, jobId, runId),
            Description = settings["description"]?.GetValue<string>(),
            EffectivePerformanceTarget = overrides.PerformanceTarget ?? settings["performance_target"]?.GetValue<string>(),
            JobClusters = settings["job_clusters"]?.DeepClone() as JsonArray,
            GitSource = settings["git_source"]?.DeepClone() as JsonObject,
            JobParameters = JobParametersOf(settings, overrides.JobParameters),
            OverridingParameters = overrides.IsEmpty ? null : overrides,
            Tasks = [],
            RepairHistory = [new RepairHistoryItem { Id = runId, Type = "ORIGINAL", StartTime = now }],
        };
        var run = new RunRecord
        {
            Run = view,
            Settings = settings,
            Overrides = overrides,
            Only = only,
            QueueEnabled = queueEnabled,
            MaxConcurrentRuns = (int)(JsonNodes.Long(settings["max_concurrent_runs"]) ?? 1),
            IdempotencyToken = idempotencyToken,
            BaseUrl = baseUrl,
        };
        foreach (var spec in TaskSpecs(settings))
        {
            var task = NewTaskRun(run, spec, attempt: 0, repairId: 0);
            var key = task.TaskKey;
            if (only is not null && !only.Contains(key)) EndTaskWithoutRunning(run, task, "EXCLUDED", "The task was excluded by the run's 'only' list.", now);
            else if (JsonNodes.Bool(spec["disabled"]) == true) EndTaskWithoutRunning(run, task, "DISABLED", "The task is disabled.", now);
        }
        view.RepairHistory[0].TaskRunIds = view.Tasks.Select(t => t.RunId).ToList();

        AddRun(run);
        if (idempotencyToken is not null)
        {
            _idempotencyTokens[idempotencyToken] = runId;
            TokenAdded(idempotencyToken, runId);
        }

        if (job is null || CanStart(run))
        {
            BeginPending(run, now);
        }
        else if (queueEnabled)
        {
            run.Phase = RunPhase.Queued;
            var reason = $"Queued: the job has reached its limit of {run.MaxConcurrentRuns} concurrent runs.";
            SetRunState(run, "QUEUED", null, reason, new QueueDetails { Code = "MAX_CONCURRENT_RUNS_REACHED", Message = reason });
            foreach (var task in view.Tasks.Where(t => run.TaskSims[t.RunId].Phase != TaskPhase.Done)) SetTaskState(task, "QUEUED", null, null);
        }
        else
        {
            Skip(run, now);
        }
        TrackActivity(run);
        RunChanged(run);
        return run;
    }

    private static string RunPageUrl(string baseUrl, long? jobId, long runId) =>
        jobId is { } id ? $"{baseUrl}/?o=0#job/{id}/run/{runId}" : $"{baseUrl}/?o=0#run/{runId}";

    private static List<JobParameter>? JobParametersOf(JsonObject settings, Dictionary<string, string>? overrides)
    {
        var definitions = settings["parameters"] as JsonArray;
        if (definitions is null or { Count: 0 }) return null;
        return definitions.OfType<JsonObject>().Select(d =>
        {
            var name = d["name"]!.GetValue<string>();
            var @default = d["default"]?.GetValue<string>();
            return new JobParameter { Name = name, Default = @default, Value = overrides?.GetValueOrDefault(name) ?? @default };
        }).ToList();
    }

    /// <summary>A new task run of the run, or with <paramref name="iterations"/>, a new iteration of a for-each task run.</summary>
    private RunTask NewTaskRun(RunRecord run, JsonObject spec, int attempt, long repairId, List<RunTask>? iterations = null)
    {
        var taskRunId = NewId();
        var specCopy = Clone(spec);
        specCopy.Remove("task_key");
        var task = new RunTask
        {
            RunId = taskRunId,
            TaskKey = spec["task_key"]!.GetValue<string>(),
            AttemptNumber = attempt,
            RunPageUrl = RunPageUrl(run.BaseUrl, run.Run.JobId, taskRunId),
            Spec = specCopy,
        };
        (iterations ?? run.Run.Tasks!).Add(task);
        run.TaskSims[taskRunId] = new TaskSim { Phase = TaskPhase.Pending, RepairId = repairId };
        _taskRuns[taskRunId] = (run, task);
        SetTaskState(task, "PENDING", null, null);
        return task;
    }

    // ---- reading runs -----------------------------------------------------------------------------

    /// <summary>
    /// jobs/runs/get. A task run's id answers that task run, shaped as a run; a for-each task run's also has its iterations.
    /// </summary>
    public Run GetRun(long runId, bool includeHistory, bool includeResolvedValues, bool paged, string? pageToken, Caller caller)
    {
        Run view;
        if (!_runsById.ContainsKey(runId) && _taskRuns.TryGetValue(runId, out var owner))
        {
            RunFor(owner.Run.RunId, caller, "CAN_VIEW");
            view = TaskRunAsRun(owner.Run, owner.Task);
            view.Iterations = owner.Run.Iterations.GetValueOrDefault(owner.Task.RunId);
        }
        else
        {
            var run = RunFor(runId, caller, "CAN_VIEW");
            view = run.Run.ShallowCopy();
            view.RepairHistory = includeHistory ? run.Run.RepairHistory : null;
            if (includeResolvedValues) view.Tasks = view.Tasks?.Select(t => WithResolvedValues(run, t)).ToList();
        }
        if (!paged) return view;

        var page = (int)(PageToken.Decode(pageToken, PageToken.Page)?.Value ?? 0);
        var more = false;
        List<T>? Slice<T>(List<T>? items)
        {
            if (items is null) return null;
            more |= items.Count > (page + 1) * ItemsPerPage;
            var slice = items.Skip(page * ItemsPerPage).Take(ItemsPerPage).ToList();
            return slice.Count > 0 || page == 0 ? slice : null;
        }
        // The service pages a for-each task run's iterations, and repeats its one task (the for-each task) on every page.
        if (view.Iterations is null) view.Tasks = Slice(view.Tasks);
        view.Iterations = Slice(view.Iterations);
        view.JobParameters = Slice(view.JobParameters);
        view.RepairHistory = Slice(view.RepairHistory);
        if (view.JobClusters is { } clusters)
        {
            var list = Slice(clusters.Select(c => c?.DeepClone()).ToList());
            view.JobClusters = list is null ? null : new JsonArray([.. list]);
        }
        view.NextPageToken = more ? new PageToken(PageToken.Page, page + 1).Encode() : null;
        return view;
    }

    private RunTask WithResolvedValues(RunRecord run, RunTask task)
    {
        var sim = run.TaskSims[task.RunId];
        if (sim.Parameters.Count == 0 || task.Spec is null) return task;
        var type = SettingsValidator.TaskTypes.FirstOrDefault(t => task.Spec[t] is not null);
        if (type is null) return task;
        var parameters = new JsonObject();
        foreach (var (key, value) in sim.Parameters) parameters[key] = value;
        // The shapes of the SDK's ResolvedValues: a notebook's base_parameters, a wheel's named_parameters, name/value
        // pairs of SQL and run-job tasks, and positional parameters (a list) of the other Python, JAR and spark-submit tasks.
        JsonObject? values = type switch
        {
            "notebook_task" => new JsonObject { ["base_parameters"] = parameters },
            "python_wheel_task" => new JsonObject { ["named_parameters"] = parameters },
            "sql_task" or "run_job_task" => new JsonObject { ["parameters"] = parameters },
            "spark_python_task" or "spark_jar_task" or "spark_submit_task" =>
                new JsonObject { ["parameters"] = new JsonArray([.. sim.Parameters.Select(p => (JsonNode?)JsonValue.Create(p.Value))]) },
            _ => null,
        };
        if (values is null) return task;
        var spec = Clone(task.Spec);
        spec["resolved_values"] = new JsonObject { [type] = values };
        return new RunTask
        {
            RunId = task.RunId, TaskKey = task.TaskKey, AttemptNumber = task.AttemptNumber, StartTime = task.StartTime,
            EndTime = task.EndTime, ExecutionDuration = task.ExecutionDuration, RunDuration = task.RunDuration,
            State = task.State, Status = task.Status, RunPageUrl = task.RunPageUrl, Spec = spec,
        };
    }

    /// <summary>A task run shaped as a run, as runs/get and get-output's metadata show it.</summary>
    private static Run TaskRunAsRun(RunRecord run, RunTask task) => new()
    {
        JobId = run.Run.JobId,
        RunId = task.RunId,
        NumberInJob = task.RunId,
        // An iteration is in neither list: it is its own original attempt.
        OriginalAttemptRunId = run.Run.Tasks!.Concat(run.RetiredTasks).Where(t => t.TaskKey == task.TaskKey).Append(task).Min(t => t.RunId),
        CreatorUserName = run.Run.CreatorUserName,
        RunName = run.Run.RunName,
        RunType = run.Run.RunType,
        Trigger = run.Run.Trigger,
        StartTime = task.StartTime,
        EndTime = task.EndTime,
        ExecutionDuration = task.ExecutionDuration,
        RunDuration = task.RunDuration,
        AttemptNumber = task.AttemptNumber,
        State = task.State,
        Status = task.Status,
        RunPageUrl = task.RunPageUrl,
        // A task run runs on its run's job clusters, and 2.2 pages them with the iterations.
        JobClusters = run.Run.JobClusters,
        JobParameters = run.Run.JobParameters,
        OverridingParameters = run.Run.OverridingParameters,
        Tasks = [task],
    };

    /// <summary>jobs/runs/list: newest first (run ids grow with start time), keyset paged.</summary>
    public ListRunsResponse ListRuns(RunListQuery query, Caller caller)
    {
        if (query.ActiveOnly && query.CompletedOnly)
            throw ApiException.InvalidParameter("active_only and completed_only cannot both be true.");
        Func<long, IEnumerable<RunRecord>> below, above;
        if (query.ActiveOnly && query.JobId is null)
        {
            // Few runs are active: walk the active set rather than every run.
            below = id => _activeRunIds.GetViewBetween(long.MinValue, id - 1).Reverse().Select(r => _runsById[r]);
            above = id => _activeRunIds.GetViewBetween(id + 1, long.MaxValue).Select(r => _runsById[r]);
        }
        else
        {
            var list = _runs;
            if (query.JobId is { } jobId)
            {
                JobFor(jobId, caller, "CAN_VIEW");
                list = _runsByJob.GetValueOrDefault(jobId) ?? new IdOrderedList<RunRecord>(r => r.RunId);
            }
            below = list.Descending;
            above = list.Ascending;
        }

        bool Matches(RunRecord r) =>
            (!query.ActiveOnly || r.IsActive) && (!query.CompletedOnly || !r.IsActive) &&
            (query.RunType is null || r.Run.RunType == query.RunType) &&
            (query.StartTimeFrom is null || r.Run.StartTime >= query.StartTimeFrom) &&
            (query.StartTimeTo is null || r.Run.StartTime <= query.StartTimeTo) &&
            CanView(r, caller);

        List<RunRecord> page;
        bool hasMore;
        if (query.Token is { Kind: PageToken.Before } previous)
        {
            page = above(previous.Value).Where(Matches).Take(query.Limit).Reverse().ToList();
            hasMore = page.Count > 0 && below(page[^1].RunId).Any(Matches);
        }
        else
        {
            page = below(query.Token?.Value ?? long.MaxValue).Where(Matches)
                .Skip(query.Token is null ? query.Offset : 0).Take(query.Limit + 1).ToList();
            hasMore = page.Count > query.Limit;
            if (hasMore) page.RemoveAt(page.Count - 1);
        }
        var hasPrevious = page.Count > 0 && above(page[0].RunId).Any(Matches);
        return new ListRunsResponse
        {
            Runs = page.Count == 0 ? null : page.Select(r => ListView(r, query.ExpandTasks, query.Paged)).ToList(),
            HasMore = hasMore,
            NextPageToken = hasMore ? new PageToken(PageToken.After, page[^1].RunId).Encode() : null,
            PrevPageToken = hasPrevious ? new PageToken(PageToken.Before, page[0].RunId).Encode() : null,
        };
    }

    private static Run ListView(RunRecord run, bool expandTasks, bool paged)
    {
        var view = run.Run.ShallowCopy();
        view.RepairHistory = null;
        if (!expandTasks)
        {
            view.Tasks = null;
            view.JobClusters = null;
        }
        else if (paged && view.Tasks is { Count: > ItemsPerPage })
        {
            view.Tasks = view.Tasks.Take(ItemsPerPage).ToList();
            view.HasMore = true;
        }
        return view;
    }

    /// <summary>jobs/runs/get-output: of a task run, or of a run with a single task.</summary>
    public RunOutput GetOutput(long runId, Caller caller)
    {
        var (run, task) = TaskRunFor(runId, caller,
            "Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.");
        var sim = run.TaskSims[task.RunId];
        var output = new RunOutput { Metadata = TaskRunAsRun(run, task), Error = sim.Error, ErrorTrace = sim.ErrorTrace };
        var finished = sim.Phase == TaskPhase.Done;
        if (task.Spec?["notebook_task"] is not null)
        {
            output.NotebookOutput = finished && sim.Error is null ? new NotebookOutput { Result = sim.NotebookResult } : new NotebookOutput();
        }
        else if (finished && sim.Error is null)
        {
            output.Logs = sim.NotebookResult ?? $"Task {task.TaskKey} finished.";
            output.LogsTruncated = false;
        }
        return output;
    }

    /// <summary>jobs/runs/export: the task run as self-contained HTML views.</summary>
    public ExportRunOutput Export(long runId, string viewsToExport, Caller caller)
    {
        if (viewsToExport is not ("CODE" or "DASHBOARDS" or "ALL"))
            throw ApiException.InvalidParameter($"Invalid views_to_export '{viewsToExport}': expected CODE, DASHBOARDS or ALL.");
        var (run, task) = TaskRunFor(runId, caller,
            "Exporting runs with multiple tasks is not supported. Please export each individual task run instead.");
        var sim = run.TaskSims[task.RunId];
        var output = new ExportRunOutput();
        var notebookName = task.Spec?["notebook_task"]?["notebook_path"]?.GetValue<string>() is { } path
            ? path[(path.LastIndexOf('/') + 1)..]
            : task.TaskKey;
        if (viewsToExport is "CODE" or "ALL")
            output.Views.Add(new ViewItem { Name = notebookName, Type = "NOTEBOOK", Content = RunExportPage.Render(run, task, sim, dashboard: false) });
        if (viewsToExport is "DASHBOARDS" or "ALL")
            output.Views.Add(new ViewItem { Name = $"{notebookName} dashboard", Type = "DASHBOARD", Content = RunExportPage.Render(run, task, sim, dashboard: true) });
        return output;
    }

    private (RunRecord Run, RunTask Task) TaskRunFor(long runId, Caller caller, string multiTaskError)
    {
        if (_taskRuns.TryGetValue(runId, out var owner) && !_runsById.ContainsKey(runId))
        {
            RunFor(owner.Run.RunId, caller, "CAN_VIEW");
            return owner;
        }
        var run = RunFor(runId, caller, "CAN_VIEW");
        var tasks = LatestAttempts(run).Values.ToList();
        if (tasks.Count != 1) throw ApiException.InvalidParameter(multiTaskError);
        return (run, tasks[0]);
    }

    // ---- changing runs ------------------------------------------------------------------------

    /// <summary>jobs/runs/cancel: an active run ends CANCELED; a finished one is left as it is.</summary>
    public void Cancel(long runId, Caller caller)
    {
        var run = _runsById.ContainsKey(runId) || !_taskRuns.TryGetValue(runId, out var owner)
            ? RunFor(runId, caller, "CAN_MANAGE_RUN")
            : RunFor(owner.Run.RunId, caller, "CAN_MANAGE_RUN");
        CancelRun(run, Now);
    }

    private void CancelRun(RunRecord run, long now)
    {
        if (!run.IsActive) return;
        EndRunEarly(run, now, "CANCELED", "CANCELED", "Run cancelled.");
        RunChanged(run);
    }

    /// <summary>jobs/runs/cancel-all: every active run of a job, or every queued run.</summary>
    public void CancelAll(long? jobId, bool allQueued, Caller caller)
    {
        if (jobId is null && !allQueued) throw ApiException.InvalidParameter("Either job_id or all_queued_runs must be given.");
        if (jobId is { } id) JobFor(id, caller, "CAN_MANAGE_RUN");
        var now = Now;
        var active = jobId is { } job ? ActiveRunsOf(job).ToList() : _activeRunIds.Select(id => _runsById[id]).ToList();
        foreach (var run in active)
        {
            if (allQueued && run.Phase != RunPhase.Queued) continue;
            if (!CanView(run, caller)) continue;
            CancelRun(run, now);
        }
    }

    /// <summary>jobs/runs/delete: a finished run is forgotten; an active one can't be deleted.</summary>
    public void DeleteRun(long runId, Caller caller)
    {
        var run = RunFor(runId, caller, "CAN_MANAGE_RUN");
        if (run.IsActive)
            throw ApiException.InvalidParameter($"Run {runId} is active and cannot be deleted. Cancel it first.");
        _runsById.Remove(runId);
        _runs.Remove(runId);
        if (run.Run.JobId is { } jobId && _runsByJob.TryGetValue(jobId, out var list)) list.Remove(runId);
        foreach (var task in run.Run.Tasks!.Concat(run.RetiredTasks).Concat(run.Iterations.Values.SelectMany(i => i))) _taskRuns.Remove(task.RunId);
        RunDeleted(runId);
    }

    /// <summary>jobs/runs/repair: reruns tasks of a finished run with the job's current settings.</summary>
    public RepairRunResponse Repair(RepairRunRequest request, Caller caller)
    {
        var runId = request.RunId ?? throw ApiException.MissingField("run_id");
        var run = RunFor(runId, caller, "CAN_MANAGE_RUN");
        if (run.IsActive) throw ApiException.InvalidParameter($"Run {runId} is still active and cannot be repaired until it ends.");
        var history = run.Run.RepairHistory!;
        var latestRepair = history[^1].Type == "REPAIR" ? history[^1].Id : (long?)null;
        if (latestRepair is { } latest && request.LatestRepairId != latest)
            throw ApiException.InvalidParameter(request.LatestRepairId is null
                ? "The latest repair ID needs to be provided"
                : $"The latest repair ID of run {runId} is {latest}, not {request.LatestRepairId}.");
        if (latestRepair is null && request.LatestRepairId is not null)
            throw ApiException.InvalidParameter($"Run {runId} has not been repaired: latest_repair_id must not be given.");
        var allFailed = request.RerunAllFailedTasks == true;
        if (allFailed == request.RerunTasks is { Count: > 0 })
            throw ApiException.InvalidParameter("Give either rerun_tasks or rerun_all_failed_tasks.");

        // The job's current settings, or the submitted ones for a one-time run.
        var settings = run.Run.JobId is { } jobId && run.Run.RunType == "JOB_RUN"
            ? Clone((_jobsById.TryGetValue(jobId, out var job) ? job : throw ApiException.JobNotFound(jobId)).Settings)
            : run.Settings;
        var specs = TaskSpecs(settings).ToDictionary(t => t["task_key"]!.GetValue<string>(), StringComparer.Ordinal);
        var latestTasks = LatestAttempts(run);

        var rerun = new HashSet<string>(StringComparer.Ordinal);
        if (allFailed)
        {
            rerun.UnionWith(latestTasks.Where(kv => !Succeeded(kv.Value)).Select(kv => kv.Key));
            if (rerun.Count == 0) throw ApiException.InvalidParameter($"Run {runId} has no failed tasks to repair.");
        }
        foreach (var key in request.RerunTasks ?? [])
        {
            if (!latestTasks.ContainsKey(key)) throw ApiException.InvalidParameter($"Task key '{key}' is not a task of run {runId}.");
            rerun.Add(key);
        }
        if (request.RerunDependentTasks == true) AddDependents(rerun, specs);
        foreach (var key in rerun)
        {
            if (!specs.ContainsKey(key)) throw ApiException.InvalidParameter($"Task '{key}' is no longer part of job {run.Run.JobId}.");
        }

        var now = Now;
        var repairId = NewId();
        run.Settings = settings;
        run.Overrides = MergeOverrides(run.Overrides, request);
        run.Run.JobParameters = JobParametersOf(settings, run.Overrides.JobParameters);
        run.Run.OverridingParameters = run.Overrides.IsEmpty ? null : run.Overrides;
        run.Only = null;
        run.Run.Tasks!.RemoveAll(t =>
        {
            if (!rerun.Contains(t.TaskKey)) return false;
            run.RetiredTasks.Add(t);
            return true;
        });
        var newTaskRunIds = new List<long>();
        foreach (var spec in TaskSpecs(settings).Where(s => rerun.Contains(s["task_key"]!.GetValue<string>())))
        {
            newTaskRunIds.Add(NewTaskRun(run, spec, attempt: 0, repairId).RunId);
        }
        history.Add(new RepairHistoryItem { Id = repairId, Type = "REPAIR", StartTime = now, TaskRunIds = newTaskRunIds });
        run.Run.EndTime = 0;
        run.Run.RunDuration = null;
        run.PendingResult = null;
        run.PendingLifeCycle = null;
        run.PendingMessage = null;
        run.CancelledOrTimedOut = false;
        BeginPending(run, now);
        RunChanged(run);
        return new RepairRunResponse { RepairId = repairId };
    }

    private static void AddDependents(HashSet<string> rerun, Dictionary<string, JsonObject> specs)
    {
        bool added;
        do
        {
            added = false;
            foreach (var (key, spec) in specs)
            {
                if (!rerun.Contains(key) && SettingsValidator.DependencyKeys(spec).Any(rerun.Contains)) added |= rerun.Add(key);
            }
        } while (added);
    }

    private static RunOverrides MergeOverrides(RunOverrides original, RunOverrides repair) => new()
    {
        JobParameters = MergeMaps(original.JobParameters, repair.JobParameters),
        NotebookParams = MergeMaps(original.NotebookParams, repair.NotebookParams),
        PythonNamedParams = MergeMaps(original.PythonNamedParams, repair.PythonNamedParams),
        SqlParams = MergeMaps(original.SqlParams, repair.SqlParams),
        PythonParams = repair.PythonParams ?? original.PythonParams,
        JarParams = repair.JarParams ?? original.JarParams,
        SparkSubmitParams = repair.SparkSubmitParams ?? original.SparkSubmitParams,
        DbtCommands = repair.DbtCommands ?? original.DbtCommands,
        PipelineParams = repair.PipelineParams ?? original.PipelineParams,
        PerformanceTarget = repair.PerformanceTarget ?? original.PerformanceTarget,
    };

    private static Dictionary<string, string>? MergeMaps(Dictionary<string, string>? original, Dictionary<string, string>? repair)
    {
        if (original is null || repair is null) return repair ?? original;
        var merged = new Dictionary<string, string>(original);
        foreach (var (key, value) in repair) merged[key] = value;
        return merged;
    }
}

/// <summary>The filters and paging of one runs/list call.</summary>
public sealed record RunListQuery(
    long? JobId, bool ActiveOnly, bool CompletedOnly, string? RunType, long? StartTimeFrom, long? StartTimeTo,
    bool ExpandTasks, int Limit, int Offset, PageToken? Token, bool Paged);
