using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Emulator.Model;

// What the emulator keeps: a job with its grants, a run with what its simulation needs.
// The same types are written to the state file.

public sealed class JobRecord
{
    public required Job Job { get; init; }
    public List<AccessControlRequest> Grants { get; set; } = [];

    /// <summary>The job's settings: <c>Job.Settings</c>, which the state file already holds.</summary>
    [JsonIgnore]
    public JsonObject Settings => Job.Settings!;
}

public enum RunPhase { Queued, Pending, Running, Terminating, Done }

public enum TaskPhase { Pending, Blocked, WaitingForRetry, Running, Done }

/// <summary>What a task run does, decided when it starts, and what it left behind.</summary>
public sealed class TaskSim
{
    public TaskPhase Phase { get; set; }
    public long PhaseEndsAt { get; set; }
    public long? TimeoutAt { get; set; }
    public bool Fails { get; set; }
    /// <summary>The failure is the platform's (INTERNAL_ERROR), not the task's own (FAILED).</summary>
    public bool InternalError { get; set; }
    /// <summary>The outcome ("true"/"false") of a condition task, which depends_on.outcome compares with.</summary>
    public string? Outcome { get; set; }
    public Dictionary<string, string> Parameters { get; set; } = [];
    public string? NotebookResult { get; set; }
    public string? Error { get; set; }
    public string? ErrorTrace { get; set; }
    /// <summary>The repair (or 0 for the original run) in which this task run was made.</summary>
    public long RepairId { get; set; }
}

public sealed class RunRecord
{
    public required Run Run { get; init; }
    public RunPhase Phase { get; set; }
    public long PhaseEndsAt { get; set; }
    public long? TimeoutAt { get; set; }
    public bool QueueEnabled { get; set; }
    public int MaxConcurrentRuns { get; set; } = 1;
    /// <summary>The settings the run executes (the job's at run-now or repair, or the submitted ones).</summary>
    public required JsonObject Settings { get; set; }
    public RunOverrides Overrides { get; set; } = new();
    public List<string>? Only { get; set; }
    public Dictionary<long, TaskSim> TaskSims { get; set; } = [];
    /// <summary>Task runs a repair replaced: no longer in <c>tasks</c>, still reachable by their ids.</summary>
    public List<RunTask> RetiredTasks { get; set; } = [];
    /// <summary>The iterations of each for-each task run, by that task run's id.</summary>
    public Dictionary<long, List<RunTask>> Iterations { get; set; } = [];
    public string? IdempotencyToken { get; set; }
    /// <summary>The workspace URL the run was started through, for run_page_url.</summary>
    public string BaseUrl { get; set; } = "";
    /// <summary>The result a TERMINATING run ends with, and what its state says of it.</summary>
    public string? PendingResult { get; set; }
    public string? PendingLifeCycle { get; set; }
    public string? PendingMessage { get; set; }
    public bool CancelledOrTimedOut { get; set; }

    [JsonIgnore]
    public long RunId => Run.RunId;

    [JsonIgnore]
    public bool IsActive => Phase != RunPhase.Done;
}

/// <summary>The state file's content: the whole state, as of journal line <see cref="JournalSeq"/>.</summary>
public sealed class EmulatorSnapshot
{
    public long NextId { get; set; }
    /// <summary>The last journal line the snapshot holds: lines up to it are not replayed again (0 in older files).</summary>
    public long JournalSeq { get; set; }
    public List<JobRecord> Jobs { get; set; } = [];
    public List<RunRecord> Runs { get; set; } = [];
    public Dictionary<string, long> IdempotencyTokens { get; set; } = [];
}

/// <summary>
/// One line of the state journal: what one persisted write changed. Jobs and runs are whole records (the latest
/// version replaces what was there), so replaying a line twice changes nothing.
/// </summary>
public sealed class JournalEntry
{
    public long Seq { get; set; }
    public long NextId { get; set; }
    public List<JobRecord>? Jobs { get; set; }
    public List<long>? DeletedJobs { get; set; }
    public List<RunRecord>? Runs { get; set; }
    public List<long>? DeletedRuns { get; set; }
    public Dictionary<string, long>? IdempotencyTokens { get; set; }
}
