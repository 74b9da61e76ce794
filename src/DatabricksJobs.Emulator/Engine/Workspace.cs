using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Api;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Emulator.Engine;

/// <summary>Who is calling: the user a token authenticates as.</summary>
public sealed record Caller(string UserName, bool IsAdmin);

/// <summary>
/// The emulated workspace: its jobs and runs. One reader-writer lock guards all of it; every public member of the
/// partial files expects to be called under it: what only reads under <see cref="Shared{T}"/>, with other reads,
/// and what changes anything (a write, the simulation's tick, the state file) under <see cref="Locked{T}"/>, alone.
/// </summary>
public sealed partial class Workspace
{
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<long, JobRecord> _jobsById = [];
    private readonly IdOrderedList<JobRecord> _jobs = new(j => j.Job.JobId);
    /// <summary>The jobs of each name, for jobs/list's name filter (exact, case-insensitive); a job without a name is in none.</summary>
    private readonly Dictionary<string, IdOrderedList<JobRecord>> _jobsByName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, string> _indexedNames = [];
    private readonly Dictionary<long, RunRecord> _runsById = [];
    private readonly IdOrderedList<RunRecord> _runs = new(r => r.RunId);
    private readonly Dictionary<long, IdOrderedList<RunRecord>> _runsByJob = [];
    private readonly Dictionary<long, (RunRecord Run, RunTask Task)> _taskRuns = [];
    private readonly SortedSet<long> _activeRunIds = [];
    private readonly Dictionary<long, SortedSet<long>> _activeRunIdsByJob = [];
    private readonly Dictionary<string, long> _idempotencyTokens = new(StringComparer.Ordinal);
    private long _nextId;

    // No recursion: nothing that holds it calls back into Shared or Locked, and it is never held across an await.
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);

    public Workspace(EmulatorOptions options)
    {
        _options = options;
        _time = options.Clock;
        // Ids start from a time-derived value so ids from two emulator lifetimes (without a state file) rarely meet.
        _nextId = 1000 + (Now % 1_000_000);
        if (options.StateFile is { } path) OpenState(path);
    }

    public long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    public long TaskDurationMs => Math.Max(1, (long)_options.TaskDuration.TotalMilliseconds);

    /// <summary>How long a run stays PENDING before it starts, and TERMINATING before it ends.</summary>
    public long TransitionMs => Math.Clamp(TaskDurationMs / 4, 20, 1000);

    public int JobCount => _jobsById.Count;
    public int RunCount => _runsById.Count;

    /// <summary>Runs <paramref name="action"/> alone: no read or other change runs meanwhile.</summary>
    public T Locked<T>(Func<T> action)
    {
        _lock.EnterWriteLock();
        try
        {
            return action();
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Locked(Action action) => Locked(() =>
    {
        action();
        return 0;
    });

    /// <summary>Runs <paramref name="action"/>, which must change nothing, beside other reads; no change runs meanwhile.</summary>
    public T Shared<T>(Func<T> action)
    {
        _lock.EnterReadLock();
        try
        {
            return action();
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    private long NewId() => ++_nextId;

    /// <summary>Forgets every job, run and cluster policy (the test control <c>POST /emulator/reset</c>).</summary>
    public void Reset()
    {
        _policies.Clear();
        _jobsById.Clear();
        _jobsByName.Clear();
        _indexedNames.Clear();
        _runsById.Clear();
        _runsByJob.Clear();
        _taskRuns.Clear();
        _activeRunIds.Clear();
        _activeRunIdsByJob.Clear();
        _idempotencyTokens.Clear();
        while (_jobs.Count > 0) _jobs.Remove(_jobs[0].Job.JobId);
        while (_runs.Count > 0) _runs.Remove(_runs[0].RunId);
        // An empty state is the cheapest snapshot there is.
        if (_options.StateFile is not null) Compact();
    }

    // ---- permissions ---------------------------------------------------------------------------

    private static readonly string[] PermissionLevels = ["CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER"];

    private static int Rank(string? level) => Array.IndexOf(PermissionLevels, level) + 1;

    private static bool Grants(AccessControlRequest grant, Caller caller) =>
        grant.GroupName == "users" ||
        string.Equals(grant.UserName, caller.UserName, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(grant.ServicePrincipalName, caller.UserName, StringComparison.OrdinalIgnoreCase);

    private static bool CanAccess(JobRecord job, Caller caller, string level) =>
        caller.IsAdmin || job.Grants.Where(g => Grants(g, caller)).Select(g => Rank(g.PermissionLevel)).DefaultIfEmpty(0).Max() >= Rank(level);

    private JobRecord JobFor(long jobId, Caller caller, string level)
    {
        if (!_jobsById.TryGetValue(jobId, out var job)) throw ApiException.JobNotFound(jobId);
        if (!CanAccess(job, caller, level))
            throw ApiException.PermissionDenied($"User {caller.UserName} does not have {level} permissions on Job {jobId}.");
        return job;
    }

    /// <summary>A run the caller may act on at <paramref name="level"/>; the run of a deleted job stays reachable by admins and its creator.</summary>
    private RunRecord RunFor(long runId, Caller caller, string level)
    {
        if (!_runsById.TryGetValue(runId, out var run)) throw ApiException.RunNotFound(runId);
        var allowed = caller.IsAdmin || string.Equals(run.Run.CreatorUserName, caller.UserName, StringComparison.OrdinalIgnoreCase) ||
                      (run.Run.JobId is { } jobId && _jobsById.TryGetValue(jobId, out var job) && CanAccess(job, caller, level));
        if (!allowed)
            throw ApiException.PermissionDenied($"User {caller.UserName} does not have {level} permissions on Run {runId}.");
        return run;
    }

    private bool CanView(RunRecord run, Caller caller) =>
        caller.IsAdmin || string.Equals(run.Run.CreatorUserName, caller.UserName, StringComparison.OrdinalIgnoreCase) ||
        (run.Run.JobId is { } jobId && _jobsById.TryGetValue(jobId, out var job) && CanAccess(job, caller, "CAN_VIEW"));

    // ---- the in-memory indexes (the state file is in Workspace.Persistence.cs) -----------------------

    private void AddJob(JobRecord job)
    {
        _jobsById[job.Job.JobId] = job;
        _jobs.Add(job);
        IndexName(job);
    }

    /// <summary>Files a job under its name, again after its settings were replaced.</summary>
    private void IndexName(JobRecord job)
    {
        var jobId = job.Job.JobId;
        var name = JsonNodes.String(job.Settings["name"]);
        if (_indexedNames.TryGetValue(jobId, out var indexed) && indexed == name) return;
        UnindexName(jobId);
        if (name is null) return;
        if (!_jobsByName.TryGetValue(name, out var list)) _jobsByName[name] = list = new(j => j.Job.JobId);
        list.Add(job);
        _indexedNames[jobId] = name;
    }

    private void UnindexName(long jobId)
    {
        if (!_indexedNames.Remove(jobId, out var name)) return;
        var list = _jobsByName[name];
        list.Remove(jobId);
        if (list.Count == 0) _jobsByName.Remove(name);
    }

    private void AddRun(RunRecord run)
    {
        _runsById[run.RunId] = run;
        _runs.Add(run);
        if (run.Run.JobId is { } jobId)
        {
            if (!_runsByJob.TryGetValue(jobId, out var list)) _runsByJob[jobId] = list = new(r => r.RunId);
            list.Add(run);
        }
        foreach (var task in run.Run.Tasks ?? []) _taskRuns[task.RunId] = (run, task);
        foreach (var task in run.RetiredTasks.Concat(run.Iterations.Values.SelectMany(i => i))) _taskRuns[task.RunId] = (run, task);
        TrackActivity(run);
    }

    /// <summary>Keeps the active-run indexes (all, and per job) in step with whether a run is active.</summary>
    private void TrackActivity(RunRecord run)
    {
        var byJob = run.Run.JobId is { } jobId ? _activeRunIdsByJob.GetValueOrDefault(jobId) : null;
        if (run.IsActive)
        {
            _activeRunIds.Add(run.RunId);
            if (run.Run.JobId is { } id && byJob is null) _activeRunIdsByJob[id] = byJob = [];
            byJob?.Add(run.RunId);
        }
        else
        {
            _activeRunIds.Remove(run.RunId);
            if (byJob is not null && byJob.Remove(run.RunId) && byJob.Count == 0) _activeRunIdsByJob.Remove(run.Run.JobId!.Value);
        }
    }

    /// <summary>The active runs of a job, oldest first.</summary>
    private IEnumerable<RunRecord> ActiveRunsOf(long jobId) =>
        _activeRunIdsByJob.TryGetValue(jobId, out var ids) ? ids.Select(id => _runsById[id]) : [];

    private static JsonObject Clone(JsonObject node) => (JsonObject)node.DeepClone();
}
