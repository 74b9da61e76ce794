using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Emulator.Engine;

// How runs advance: QUEUED -> PENDING -> RUNNING (tasks as a DAG) -> TERMINATING -> TERMINATED,
// each step taken by Tick, never at once, so a run can be seen active, listed and canceled.
public sealed partial class Workspace
{
    private static readonly HashSet<string> SuccessResults = ["SUCCESS", "SUCCESS_WITH_FAILURES"];
    private static readonly HashSet<string> SkippedResults = ["EXCLUDED", "DISABLED"];
    private static readonly HashSet<string> FailedResults = ["FAILED", "TIMEDOUT", "UPSTREAM_FAILED"];
    private static readonly HashSet<string> CanceledResults = ["CANCELED", "UPSTREAM_CANCELED"];

    /// <summary>
    /// Advances every active run to now, and persists what changed (at most every 200 ms, so a change made by the
    /// simulation reaches the state file within about that even when nothing follows it). Returns whether anything changed.
    /// </summary>
    public bool Tick()
    {
        var now = Now;
        var changed = false;
        foreach (var runId in _activeRunIds.ToArray())
        {
            var run = _runsById[runId];
            if (!Advance(run, now)) continue;
            RunChanged(run);
            changed = true;
        }
        PersistIfNeeded(force: false);
        return changed;
    }

    private bool Advance(RunRecord run, long now)
    {
        var changed = false;
        if (run.Phase == RunPhase.Queued)
        {
            if (!CanStart(run)) return false;
            BeginPending(run, now);
            changed = true;
        }
        if (run.Phase == RunPhase.Pending)
        {
            if (now < run.PhaseEndsAt) return changed;
            run.Phase = RunPhase.Running;
            SetRunState(run, "RUNNING", null, "");
            changed = true;
        }
        if (run.Phase == RunPhase.Running) changed |= AdvanceTasks(run, now);
        if (run.Phase == RunPhase.Terminating && now >= run.PhaseEndsAt)
        {
            FinishRun(run, now);
            changed = true;
        }
        return changed;
    }

    /// <summary>Whether a run may leave the queue: its job is under max_concurrent_runs and no older run waits.</summary>
    private bool CanStart(RunRecord run)
    {
        if (run.Run.JobId is not { } jobId) return true;
        var running = 0;
        foreach (var other in ActiveRunsOf(jobId))
        {
            if (other == run) continue;
            if (other.Phase == RunPhase.Queued && other.RunId < run.RunId) return false;
            if (other.Phase != RunPhase.Queued) running++;
        }
        return running < run.MaxConcurrentRuns;
    }

    private void BeginPending(RunRecord run, long now)
    {
        run.Phase = RunPhase.Pending;
        run.PhaseEndsAt = now + TransitionMs;
        var timeout = JsonNodes.Long(run.Settings["timeout_seconds"]) ?? 0;
        run.TimeoutAt = timeout > 0 ? now + timeout * 1000 : null;
        if (run.Run.QueueDuration is null && now > run.Run.StartTime) run.Run.QueueDuration = now - run.Run.StartTime;
        SetRunState(run, "PENDING", null, "");
        foreach (var task in run.Run.Tasks!.Where(t => run.TaskSims[t.RunId].Phase != TaskPhase.Done))
        {
            SetTaskState(task, "PENDING", null, null);
        }
        TrackActivity(run);
    }

    /// <summary>A run over its job's concurrency limit, with queueing off, is skipped at once.</summary>
    private void Skip(RunRecord run, long now)
    {
        var message = $"Skipping this run because the limit of {run.MaxConcurrentRuns} maximum concurrent runs has been reached.";
        run.Phase = RunPhase.Done;
        run.Run.EndTime = now;
        run.Run.RunDuration = now - run.Run.StartTime;
        run.Run.State = new RunState { LifeCycleState = "SKIPPED", StateMessage = message };
        run.Run.Status = new RunStatus
        {
            State = "TERMINATED",
            TerminationDetails = new TerminationDetails { Code = "MAX_CONCURRENT_RUNS_EXCEEDED", Type = "CLIENT_ERROR", Message = message },
        };
        foreach (var task in run.Run.Tasks!.Where(t => run.TaskSims[t.RunId].Phase != TaskPhase.Done))
        {
            run.TaskSims[task.RunId].Phase = TaskPhase.Done;
            task.State = new RunState { LifeCycleState = "SKIPPED", StateMessage = message };
            task.Status = new RunStatus { State = "TERMINATED", TerminationDetails = new TerminationDetails { Code = "SKIPPED", Type = "SUCCESS", Message = message } };
        }
        UpdateHistory(run);
    }

    private bool AdvanceTasks(RunRecord run, long now)
    {
        if (run.TimeoutAt is { } timeoutAt && now >= timeoutAt)
        {
            EndRunEarly(run, now, "TIMEDOUT", "TIMEDOUT", "Run timed out: it exceeded the job's timeout_seconds.");
            return true;
        }
        var changed = false;
        bool progress;
        Dictionary<string, RunTask> latest;
        do
        {
            progress = false;
            latest = LatestAttempts(run);
            foreach (var task in latest.Values)
            {
                var sim = run.TaskSims[task.RunId];
                switch (sim.Phase)
                {
                    case TaskPhase.Pending or TaskPhase.Blocked:
                        var upstream = SettingsValidator.DependencyKeys(task.Spec!).Select(k => latest[k]).ToList();
                        if (upstream.Exists(u => run.TaskSims[u.RunId].Phase != TaskPhase.Done))
                        {
                            if (sim.Phase == TaskPhase.Blocked) break;
                            sim.Phase = TaskPhase.Blocked;
                            SetTaskState(task, "BLOCKED", null, "Waiting for upstream tasks.");
                        }
                        else if (SkipReason(run, task, latest) is { } skipped)
                        {
                            EndTaskWithoutRunning(run, task, skipped, SkipMessage(skipped), now);
                        }
                        else
                        {
                            StartTask(run, task, sim, now);
                        }
                        progress = true;
                        break;
                    case TaskPhase.Running when run.Iterations.ContainsKey(task.RunId):
                        progress |= AdvanceIterations(run, task, sim, now);
                        break;
                    case TaskPhase.WaitingForRetry when now >= sim.PhaseEndsAt:
                        StartTask(run, task, sim, now);
                        progress = true;
                        break;
                    case TaskPhase.Running when sim.TimeoutAt is { } taskTimeout && now >= taskTimeout && taskTimeout <= sim.PhaseEndsAt:
                        EndTask(run, task, sim, "TIMEDOUT", $"Task {task.TaskKey} timed out after {task.Spec?["timeout_seconds"]} seconds.", now, mayRetry: true);
                        progress = true;
                        break;
                    case TaskPhase.Running when now >= sim.PhaseEndsAt:
                        EndTask(run, task, sim, sim.Fails ? "FAILED" : "SUCCESS", "", now, mayRetry: true);
                        progress = true;
                        break;
                }
            }
            changed |= progress;
        } while (progress);

        if (latest.Values.All(t => run.TaskSims[t.RunId].Phase == TaskPhase.Done))
        {
            var (result, message) = RunResult(run, latest);
            BeginTerminating(run, now, result, message, cancelledOrTimedOut: false);
            // A platform failure of a task makes the run's own life cycle end in INTERNAL_ERROR.
            if (result == "FAILED" && latest.Values.Any(t => t.State?.LifeCycleState == "INTERNAL_ERROR")) run.PendingLifeCycle = "INTERNAL_ERROR";
            changed = true;
        }
        return changed;
    }

    /// <summary>The last attempt of each task, in the job's task order.</summary>
    private static Dictionary<string, RunTask> LatestAttempts(RunRecord run)
    {
        var latest = new Dictionary<string, RunTask>(StringComparer.Ordinal);
        foreach (var task in run.Run.Tasks!) latest[task.TaskKey] = task;
        return latest;
    }

    private static bool Succeeded(RunTask task) =>
        task.State?.ResultState is { } result && (SuccessResults.Contains(result) || SkippedResults.Contains(result));

    /// <summary>
    /// Why a task whose upstream tasks all ended does not run (its result), or null when it runs. Follows the
    /// service: an unmet ALL_SUCCESS, AT_LEAST_ONE_SUCCESS or NONE_FAILED is UPSTREAM_FAILED (UPSTREAM_CANCELED
    /// when the cause is a cancellation); an unmet AT_LEAST_ONE_FAILED or ALL_FAILED is EXCLUDED; a task all of
    /// whose upstream tasks were excluded is excluded too.
    /// </summary>
    private static string? SkipReason(RunRecord run, RunTask task, Dictionary<string, RunTask> latest)
    {
        var results = new List<string>();
        foreach (var dependency in task.Spec!["depends_on"] as JsonArray ?? [])
        {
            var upstream = latest[dependency!["task_key"]!.GetValue<string>()];
            // A task left out by run-now's `only` does not hold back the tasks `only` picked.
            var leftOutByOnly = run.Only is not null && !run.Only.Contains(upstream.TaskKey);
            var result = leftOutByOnly ? "SUCCESS" : upstream.State!.ResultState ?? "SUCCESS";
            var wanted = dependency["outcome"]?.GetValue<string>();
            var outcomeMissed = wanted is not null && !string.Equals(run.TaskSims[upstream.RunId].Outcome, wanted, StringComparison.OrdinalIgnoreCase);
            if (!SkippedResults.Contains(result) && !outcomeMissed) results.Add(result);
        }
        var dependencyCount = (task.Spec["depends_on"] as JsonArray)?.Count ?? 0;
        if (dependencyCount == 0) return null;
        if (results.Count == 0) return "EXCLUDED";

        var anySucceeded = results.Exists(SuccessResults.Contains);
        var allSucceeded = results.TrueForAll(SuccessResults.Contains);
        var anyFailed = results.Exists(FailedResults.Contains);
        var anyCanceled = results.Exists(CanceledResults.Contains);
        var upstreamProblem = anyFailed || !anyCanceled ? "UPSTREAM_FAILED" : "UPSTREAM_CANCELED";
        return (task.Spec["run_if"]?.GetValue<string>() ?? "ALL_SUCCESS") switch
        {
            "ALL_DONE" => null,
            "AT_LEAST_ONE_SUCCESS" => anySucceeded ? null : upstreamProblem,
            "NONE_FAILED" => anyFailed || anyCanceled ? upstreamProblem : null,
            "AT_LEAST_ONE_FAILED" => anyFailed || anyCanceled ? null : "EXCLUDED",
            "ALL_FAILED" => results.TrueForAll(r => FailedResults.Contains(r) || CanceledResults.Contains(r)) ? null : "EXCLUDED",
            _ => allSucceeded ? null : upstreamProblem,
        };
    }

    private static string SkipMessage(string result) => result switch
    {
        "UPSTREAM_FAILED" => "Upstream task failed.",
        "UPSTREAM_CANCELED" => "Upstream task was canceled.",
        _ => "The task's run_if condition was not met.",
    };

    /// <summary>Starts a task: works out its effective parameters and what it will do with them.</summary>
    private void StartTask(RunRecord run, RunTask task, TaskSim sim, long now)
    {
        var spec = task.Spec!;
        sim.Parameters = EffectiveParameters(run, spec);
        sim.Phase = TaskPhase.Running;
        var timeout = JsonNodes.Long(spec["timeout_seconds"]) ?? 0;
        sim.TimeoutAt = timeout > 0 ? now + timeout * 1000 : null;
        task.StartTime = now;
        SetTaskState(task, "RUNNING", null, "In run");
        if (spec["for_each_task"] is JsonObject forEach)
        {
            StartIterations(run, task, sim, forEach, now);
            return;
        }
        var duration = TaskDurationMs;
        if (sim.Parameters.TryGetValue("sleep_seconds", out var sleep) &&
            double.TryParse(sleep, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            duration = Math.Max(1, (long)(seconds * 1000));
        }
        bool Flag(string name) => sim.Parameters.TryGetValue(name, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
        sim.InternalError = Flag("internal_error");
        sim.Fails = sim.InternalError || Flag("fail");
        if (spec["condition_task"] is JsonObject condition) sim.Outcome = EvaluateCondition(condition) ? "true" : "false";
        sim.PhaseEndsAt = now + duration;
    }

    // ---- for-each tasks ------------------------------------------------------------------------

    /// <summary>
    /// Starts a for-each task: one iteration of its nested task per input, all made at once (the service counts them as
    /// scheduled), run <c>concurrency</c> at a time by <see cref="AdvanceIterations"/>. Inputs that are not a JSON array fail it.
    /// </summary>
    private void StartIterations(RunRecord run, RunTask task, TaskSim sim, JsonObject forEach, long now)
    {
        // Only the iterations end a for-each task.
        sim.PhaseEndsAt = long.MaxValue;
        var inputs = ForEachInputs(run, forEach["inputs"]?.GetValue<string>() ?? "");
        if (inputs is null)
        {
            sim.Error = $"Task {task.TaskKey}: for_each_task.inputs is not a JSON array: {forEach["inputs"]}";
            EndTask(run, task, sim, "FAILED", "", now, mayRetry: false);
            return;
        }
        var iterations = run.Iterations[task.RunId] = [];
        foreach (var input in inputs)
        {
            NewTaskRun(run, (JsonObject)WithInput(forEach["task"], input)!, attempt: 0, sim.RepairId, iterations);
        }
        UpdateForEachStats(run, task);
    }

    /// <summary>The inputs of a for-each task: a JSON array, given as text or as a reference to a job parameter that holds it.</summary>
    private static List<string>? ForEachInputs(RunRecord run, string inputs)
    {
        var resolved = JobParameterReference().Replace(inputs, m =>
            run.Run.JobParameters?.FirstOrDefault(p => p.Name == m.Groups[1].Value) is { } p ? p.Value ?? p.Default ?? "" : m.Value);
        try
        {
            return (JsonNode.Parse(resolved) as JsonArray)?
                .Select(n => n is JsonValue v && v.TryGetValue<string>(out var text) ? text : n?.ToJsonString() ?? "null").ToList();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"\{\{\s*job\.parameters\.([\w.-]+)\s*\}\}")]
    private static partial Regex JobParameterReference();

    /// <summary>The nested task's settings for one input: every <c>{{input}}</c> in a string replaced by it.</summary>
    private static JsonNode? WithInput(JsonNode? node, string input) => node switch
    {
        JsonObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, WithInput(kv.Value, input)))),
        JsonArray a => new JsonArray(a.Select(n => WithInput(n, input)).ToArray()),
        JsonValue v when v.TryGetValue<string>(out var text) => JsonValue.Create(InputReference().Replace(text, input)),
        _ => node?.DeepClone(),
    };

    [GeneratedRegex(@"\{\{\s*input\s*\}\}")]
    private static partial Regex InputReference();

    /// <summary>
    /// Ends the iterations that are due, starts waiting ones up to the task's concurrency (default 1), and when every
    /// iteration ended, ends the for-each task: FAILED when any iteration did not succeed. Iterations are not retried.
    /// </summary>
    private bool AdvanceIterations(RunRecord run, RunTask task, TaskSim sim, long now)
    {
        var iterations = run.Iterations[task.RunId];
        if (sim.TimeoutAt is { } timeoutAt && now >= timeoutAt)
        {
            EndIterationsEarly(run, task, "CANCELED", $"Task {task.TaskKey} timed out.", now);
            EndTask(run, task, sim, "TIMEDOUT", $"Task {task.TaskKey} timed out after {task.Spec?["timeout_seconds"]} seconds.", now, mayRetry: true);
            return true;
        }
        var changed = false;
        foreach (var iteration in iterations)
        {
            var iterationSim = run.TaskSims[iteration.RunId];
            if (iterationSim.Phase != TaskPhase.Running) continue;
            if (iterationSim.TimeoutAt is { } timeout && now >= timeout && timeout <= iterationSim.PhaseEndsAt)
                EndTask(run, iteration, iterationSim, "TIMEDOUT", $"Task {iteration.TaskKey} timed out after {iteration.Spec?["timeout_seconds"]} seconds.", now, mayRetry: false);
            else if (now >= iterationSim.PhaseEndsAt)
                EndTask(run, iteration, iterationSim, iterationSim.Fails ? "FAILED" : "SUCCESS", "", now, mayRetry: false);
            else continue;
            changed = true;
        }
        var concurrency = (int)(JsonNodes.Long(task.Spec!["for_each_task"]?["concurrency"]) ?? 1);
        var free = concurrency - iterations.Count(i => run.TaskSims[i.RunId].Phase == TaskPhase.Running);
        foreach (var iteration in iterations.Where(i => run.TaskSims[i.RunId].Phase == TaskPhase.Pending).Take(Math.Max(0, free)).ToList())
        {
            StartTask(run, iteration, run.TaskSims[iteration.RunId], now);
            changed = true;
        }
        if (changed) UpdateForEachStats(run, task);
        if (iterations.TrueForAll(i => run.TaskSims[i.RunId].Phase == TaskPhase.Done))
        {
            var failed = iterations.Count(i => !Succeeded(i));
            if (failed > 0) sim.Error = $"{failed} of {iterations.Count} iterations of task {task.TaskKey} did not succeed.";
            EndTask(run, task, sim, failed > 0 ? "FAILED" : "SUCCESS", "", now, mayRetry: true);
            changed = true;
        }
        return changed;
    }

    private void EndIterationsEarly(RunRecord run, RunTask task, string result, string message, long now)
    {
        foreach (var iteration in run.Iterations.GetValueOrDefault(task.RunId) ?? [])
        {
            var iterationSim = run.TaskSims[iteration.RunId];
            if (iterationSim.Phase == TaskPhase.Running) EndTask(run, iteration, iterationSim, result, message, now, mayRetry: false);
            else if (iterationSim.Phase != TaskPhase.Done) EndTaskWithoutRunning(run, iteration, "CANCELED", message, now);
        }
        if (run.Iterations.ContainsKey(task.RunId)) UpdateForEachStats(run, task);
    }

    /// <summary>The for-each task's <c>for_each_task.stats</c>: its iterations counted by where they are.</summary>
    private static void UpdateForEachStats(RunRecord run, RunTask task)
    {
        var iterations = run.Iterations[task.RunId];
        var phases = iterations.Select(i => run.TaskSims[i.RunId].Phase).ToList();
        var done = iterations.Where(i => run.TaskSims[i.RunId].Phase == TaskPhase.Done).ToList();
        var failures = done.Where(i => !Succeeded(i)).ToList();
        var stats = new JsonObject
        {
            ["task_run_stats"] = new JsonObject
            {
                ["total_iterations"] = iterations.Count,
                ["scheduled_iterations"] = phases.Count(p => p != TaskPhase.Pending),
                ["active_iterations"] = phases.Count(p => p == TaskPhase.Running),
                ["completed_iterations"] = done.Count,
                ["succeeded_iterations"] = done.Count - failures.Count,
                ["failed_iterations"] = failures.Count,
            },
        };
        if (failures.Count > 0)
        {
            stats["error_message_stats"] = new JsonArray(failures.GroupBy(i => run.TaskSims[i.RunId].Error ?? i.State?.ResultState ?? "")
                .Select(g => (JsonNode)new JsonObject { ["error_message"] = g.Key, ["count"] = g.Count() }).ToArray());
        }
        var spec = Clone(task.Spec!);
        spec["for_each_task"]!["stats"] = stats;
        // Spec is stored as JSON fields: assign a new object rather than change the cached one.
        task.Spec = spec;
    }

    /// <summary>
    /// A task's effective parameters: its own (notebook base_parameters, wheel named_parameters, sql parameters,
    /// key=value items of list parameters) and the job parameters, overridden key by key by the run's overrides.
    /// </summary>
    private static Dictionary<string, string> EffectiveParameters(RunRecord run, JsonObject spec)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        void Merge(IEnumerable<KeyValuePair<string, string>>? values)
        {
            foreach (var (key, value) in values ?? []) parameters[key] = value;
        }
        static IEnumerable<KeyValuePair<string, string>>? MapOf(JsonNode? node) =>
            (node as JsonObject)?.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.GetValue<string>() ?? ""));
        static IEnumerable<KeyValuePair<string, string>> PairsOf(IEnumerable<string> items) =>
            items.Select(i => i.TrimStart('-')).Where(i => i.Contains('='))
                .Select(i => KeyValuePair.Create(i[..i.IndexOf('=')], i[(i.IndexOf('=') + 1)..]));
        IEnumerable<KeyValuePair<string, string>> ListOf(JsonNode? own, List<string>? overriding) =>
            PairsOf(overriding ?? (own as JsonArray)?.Select(n => n?.GetValue<string>() ?? "") ?? []);

        var o = run.Overrides;
        Merge(MapOf(spec["notebook_task"]?["base_parameters"]));
        Merge(MapOf(spec["python_wheel_task"]?["named_parameters"]));
        Merge(MapOf(spec["sql_task"]?["parameters"]));
        Merge(MapOf(spec["run_job_task"]?["job_parameters"]));
        Merge(run.Run.JobParameters?.Select(p => KeyValuePair.Create(p.Name!, p.Value ?? p.Default ?? "")));
        if (spec["notebook_task"] is not null) Merge(o.NotebookParams);
        if (spec["python_wheel_task"] is not null) Merge(o.PythonNamedParams);
        if (spec["sql_task"] is not null) Merge(o.SqlParams);
        if (spec["spark_python_task"] is { } python) Merge(ListOf(python["parameters"], o.PythonParams));
        if (spec["python_wheel_task"] is { } wheel) Merge(ListOf(wheel["parameters"], o.PythonParams));
        if (spec["spark_jar_task"] is { } jar) Merge(ListOf(jar["parameters"], o.JarParams));
        if (spec["spark_submit_task"] is { } submit) Merge(ListOf(submit["parameters"], o.SparkSubmitParams));
        return parameters;
    }

    private static bool EvaluateCondition(JsonObject condition)
    {
        var left = condition["left"]?.GetValue<string>() ?? "";
        var right = condition["right"]?.GetValue<string>() ?? "";
        var numeric = double.TryParse(left, NumberStyles.Float, CultureInfo.InvariantCulture, out var l) &
                      double.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var r);
        var order = numeric ? l.CompareTo(r) : string.CompareOrdinal(left, right);
        return (condition["op"]?.GetValue<string>() ?? "EQUAL_TO") switch
        {
            "NOT_EQUAL" => left != right,
            "GREATER_THAN" => order > 0,
            "GREATER_THAN_OR_EQUAL" => order >= 0,
            "LESS_THAN" => order < 0,
            "LESS_THAN_OR_EQUAL" => order <= 0,
            _ => left == right,
        };
    }

    /// <summary>Ends a running task. A failure (or a timeout with retry_on_timeout) with retries left adds the next attempt.</summary>
    private void EndTask(RunRecord run, RunTask task, TaskSim sim, string result, string message, long now, bool mayRetry)
    {
        sim.Phase = TaskPhase.Done;
        task.EndTime = now;
        task.ExecutionDuration = now - task.StartTime;
        task.RunDuration = now - task.StartTime;
        switch (result)
        {
            case "SUCCESS":
                sim.NotebookResult = sim.Parameters.GetValueOrDefault("exit");
                break;
            case "FAILED" when sim.Error is not null:
                message = sim.Error;
                break;
            case "FAILED" when sim.InternalError:
                message = sim.Error = $"Task {task.TaskKey} failed because of an internal error of the platform (parameter internal_error=true).";
                break;
            case "FAILED":
                message = sim.Error = $"Exception: Task {task.TaskKey} failed because its parameter fail=true.";
                sim.ErrorTrace = $"Traceback (most recent call last):\n  File \"<emulator>\", line 1, in <module>\n    raise Exception(\"fail=true\")\n{sim.Error}";
                break;
            case "TIMEDOUT":
                sim.Error = message;
                break;
        }
        SetTaskState(task, sim.InternalError && result == "FAILED" ? "INTERNAL_ERROR" : "TERMINATED", result, message);

        var spec = task.Spec!;
        var retries = JsonNodes.Long(spec["max_retries"]) ?? 0;
        var retryable = result == "FAILED" || (result == "TIMEDOUT" && JsonNodes.Bool(spec["retry_on_timeout"]) == true);
        if (!mayRetry || !retryable || (retries != -1 && task.AttemptNumber >= retries)) return;

        var retrySpec = Clone(spec);
        retrySpec["task_key"] = task.TaskKey;
        var next = NewTaskRun(run, retrySpec, task.AttemptNumber + 1, sim.RepairId);
        var nextSim = run.TaskSims[next.RunId];
        nextSim.Phase = TaskPhase.WaitingForRetry;
        nextSim.PhaseEndsAt = now + Math.Max(1, JsonNodes.Long(spec["min_retry_interval_millis"]) ?? 0);
        SetTaskState(next, "WAITING_FOR_RETRY", null, $"Waiting to retry (attempt {next.AttemptNumber}).");
        UpdateHistoryTaskRuns(run, next.RunId);
    }

    private void EndTaskWithoutRunning(RunRecord run, RunTask task, string result, string message, long now)
    {
        var sim = run.TaskSims[task.RunId];
        sim.Phase = TaskPhase.Done;
        task.StartTime = task.StartTime == 0 ? now : task.StartTime;
        task.EndTime = now;
        task.RunDuration = now - task.StartTime;
        SetTaskState(task, "TERMINATED", result, message);
    }

    /// <summary>
    /// A run's result follows from its leaf tasks (tasks nothing depends on): a failed leaf fails the run;
    /// failures that no leaf inherited give SUCCESS_WITH_FAILURES.
    /// </summary>
    private static (string Result, string Message) RunResult(RunRecord run, Dictionary<string, RunTask> latest)
    {
        var upstreamKeys = latest.Values.SelectMany(t => SettingsValidator.DependencyKeys(t.Spec!)).ToHashSet(StringComparer.Ordinal);
        var failedLeaf = latest.Values.Any(t => !upstreamKeys.Contains(t.TaskKey) && !Succeeded(t));
        var firstFailure = latest.Values.FirstOrDefault(t => t.State?.ResultState is "FAILED" or "TIMEDOUT");
        if (failedLeaf)
        {
            var cause = firstFailure is null
                ? "One or more tasks did not succeed."
                : $"Task {firstFailure.TaskKey} failed with message: {run.TaskSims[firstFailure.RunId].Error}. This caused all downstream tasks to get skipped.";
            return ("FAILED", cause);
        }
        return latest.Values.All(Succeeded) ? ("SUCCESS", "") : ("SUCCESS_WITH_FAILURES", "Some tasks failed, but every leaf task succeeded.");
    }

    /// <summary>Ends every unfinished task at once (cancel, job timeout) and lets the run terminate.</summary>
    private void EndRunEarly(RunRecord run, long now, string runResult, string activeTaskResult, string message)
    {
        foreach (var task in LatestAttempts(run).Values)
        {
            var sim = run.TaskSims[task.RunId];
            if (sim.Phase == TaskPhase.Done) continue;
            EndIterationsEarly(run, task, activeTaskResult, message, now);
            if (sim.Phase == TaskPhase.Running) EndTask(run, task, sim, activeTaskResult, message, now, mayRetry: false);
            else EndTaskWithoutRunning(run, task, "CANCELED", message, now);
        }
        if (run.Phase is RunPhase.Queued)
        {
            run.PendingResult = runResult;
            run.PendingMessage = message;
            run.CancelledOrTimedOut = true;
            FinishRun(run, now);
            return;
        }
        BeginTerminating(run, now, runResult, message, cancelledOrTimedOut: true);
    }

    private void BeginTerminating(RunRecord run, long now, string result, string message, bool cancelledOrTimedOut)
    {
        run.Phase = RunPhase.Terminating;
        run.PhaseEndsAt = now + TransitionMs;
        run.PendingResult = result;
        run.PendingLifeCycle = null;
        run.PendingMessage = message;
        run.CancelledOrTimedOut = cancelledOrTimedOut;
        SetRunState(run, "TERMINATING", null, message);
        run.Run.State!.UserCancelledOrTimedout = cancelledOrTimedOut;
    }

    private void FinishRun(RunRecord run, long now)
    {
        run.Phase = RunPhase.Done;
        run.Run.EndTime = now;
        run.Run.RunDuration = now - run.Run.StartTime;
        SetRunState(run, run.PendingLifeCycle ?? "TERMINATED", run.PendingResult ?? "SUCCESS", run.PendingMessage ?? "");
        run.Run.State!.UserCancelledOrTimedout = run.CancelledOrTimedOut;
        UpdateHistory(run);
        TrackActivity(run);
    }

    /// <summary>The newest repair-history item mirrors the run while it is that attempt.</summary>
    private static void UpdateHistory(RunRecord run)
    {
        var item = run.Run.RepairHistory![^1];
        item.EndTime = run.Run.EndTime;
        item.State = run.Run.State;
        item.Status = run.Run.Status;
    }

    private static void UpdateHistoryTaskRuns(RunRecord run, long taskRunId) =>
        run.Run.RepairHistory![^1].TaskRunIds?.Add(taskRunId);

    // ---- state and status ---------------------------------------------------------------------

    private static void SetRunState(RunRecord run, string lifeCycle, string? result, string message, QueueDetails? queue = null)
    {
        run.Run.State = new RunState { LifeCycleState = lifeCycle, ResultState = result, StateMessage = message, QueueReason = queue?.Message };
        run.Run.Status = StatusOf(lifeCycle, result, message, queue);
        if (lifeCycle is not ("TERMINATED" or "INTERNAL_ERROR")) UpdateHistoryState(run);
    }

    private static void UpdateHistoryState(RunRecord run)
    {
        var item = run.Run.RepairHistory![^1];
        item.State = run.Run.State;
        item.Status = run.Run.Status;
    }

    private static void SetTaskState(RunTask task, string lifeCycle, string? result, string? message)
    {
        task.State = new RunState { LifeCycleState = lifeCycle, ResultState = result, StateMessage = message ?? "" };
        task.Status = StatusOf(lifeCycle, result, message, null);
    }

    /// <summary>The 2.2 status that goes with a 2.1 state.</summary>
    private static RunStatus StatusOf(string lifeCycle, string? result, string? message, QueueDetails? queue)
    {
        var state = lifeCycle switch
        {
            "QUEUED" or "PENDING" or "RUNNING" or "BLOCKED" or "TERMINATING" => lifeCycle,
            "WAITING_FOR_RETRY" => "WAITING",
            _ => "TERMINATED",
        };
        var status = new RunStatus { State = state, QueueDetails = queue };
        if (state == "TERMINATED")
        {
            var (code, type) = lifeCycle == "INTERNAL_ERROR" ? ("INTERNAL_ERROR", "INTERNAL_ERROR") : result switch
            {
                "SUCCESS" => ("SUCCESS", "SUCCESS"),
                "SUCCESS_WITH_FAILURES" => ("SUCCESS_WITH_FAILURES", "SUCCESS"),
                "CANCELED" => ("USER_CANCELED", "SUCCESS"),
                "UPSTREAM_FAILED" or "UPSTREAM_CANCELED" or "EXCLUDED" => ("SKIPPED", "SUCCESS"),
                "DISABLED" => ("DISABLED", "SUCCESS"),
                _ => ("RUN_EXECUTION_ERROR", "CLIENT_ERROR"),
            };
            status.TerminationDetails = new TerminationDetails { Code = code, Type = type, Message = message ?? "" };
        }
        return status;
    }
}
