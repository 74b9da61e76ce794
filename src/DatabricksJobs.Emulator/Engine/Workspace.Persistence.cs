using System.Buffers;
using System.Text.Json;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Emulator.Engine;

// The state file, kept as a snapshot and an append-only journal, so that a write costs what it changed, not the
// size of the whole state:
//
//   PATH          the whole state (EmulatorSnapshot), rewritten only when the journal is compacted into it;
//   PATH.journal  one JSON line (JournalEntry) per persisted batch of changes: the jobs and runs it changed, whole,
//                 the ones it deleted and the idempotency tokens it added. An API write's line is fsync'd before
//                 the answer is sent.
//
// On start: load the snapshot, replay the journal lines newer than it, ignoring a torn last line (a kill in the middle
// of a write, never answered), then compact. Compaction (at start, once the journal outgrows
// EmulatorOptions.JournalCompactionBytes and twice the snapshot, on reset and on a clean stop) writes the snapshot to a
// temporary file, fsyncs it, renames it over the old one, then empties the journal. The snapshot names the last line
// it holds (journal_seq), so a kill between the rename and the truncation replays no line twice.
public sealed partial class Workspace
{
    /// <summary>Changes made by the simulation alone are persisted at most this often (an API write always is).</summary>
    private const long SimulationPersistIntervalMs = 200;

    private readonly HashSet<long> _changedJobs = [];
    private readonly HashSet<long> _deletedJobs = [];
    private readonly HashSet<long> _changedRuns = [];
    private readonly HashSet<long> _deletedRuns = [];
    private readonly Dictionary<string, long> _addedTokens = new(StringComparer.Ordinal);
    private FileStream? _journal;
    private long _journalSeq;
    private long _journalBytes;
    private long _snapshotBytes;
    private long _lastPersisted;
    /// <summary>A journal write failed and its line could not be cut off: the next persist compacts instead.</summary>
    private bool _journalSuspect;

    private bool HasPendingChanges =>
        _changedJobs.Count > 0 || _deletedJobs.Count > 0 || _changedRuns.Count > 0 || _deletedRuns.Count > 0 || _addedTokens.Count > 0;

    private string JournalPath => _options.StateFile + ".journal";

    // ---- what changed (tracked only with a state file) ----------------------------------------------------------

    private void JobChanged(long jobId)
    {
        if (_options.StateFile is not null) _changedJobs.Add(jobId);
    }

    private void JobDeleted(long jobId)
    {
        if (_options.StateFile is null) return;
        _changedJobs.Remove(jobId);
        _deletedJobs.Add(jobId);
    }

    private void RunChanged(RunRecord run)
    {
        if (_options.StateFile is not null) _changedRuns.Add(run.RunId);
    }

    private void RunDeleted(long runId)
    {
        if (_options.StateFile is null) return;
        _changedRuns.Remove(runId);
        _deletedRuns.Add(runId);
    }

    private void TokenAdded(string token, long runId)
    {
        if (_options.StateFile is not null) _addedTokens[token] = runId;
    }

    /// <summary>
    /// Writes what changed to the journal: always before an API write answers (<paramref name="force"/>), and at most
    /// every 200 ms for changes the simulation makes on its own.
    /// </summary>
    public void PersistIfNeeded(bool force)
    {
        if (_options.StateFile is null || !(HasPendingChanges || _journalSuspect)) return;
        var now = Now;
        if (!force && now - _lastPersisted < SimulationPersistIntervalMs) return;
        if (_journalSuspect)
        {
            Compact();
        }
        else
        {
            AppendToJournal();
            if (_journalBytes > Math.Max(_options.JournalCompactionBytes, 2 * _snapshotBytes))
            {
                try
                {
                    Compact();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The write is safe in the journal, and its answer must not say otherwise; the next persist tries again.
                }
            }
        }
        _lastPersisted = now;
    }

    /// <summary>On a clean stop: folds the journal into the snapshot, and closes the journal.</summary>
    public void Close()
    {
        if (_options.StateFile is null) return;
        if (_journalBytes > 0 || HasPendingChanges || _journalSuspect) Compact();
        _journal?.Dispose();
        _journal = null;
    }

    private void AppendToJournal()
    {
        var entry = new JournalEntry
        {
            Seq = _journalSeq + 1,
            NextId = _nextId,
            Jobs = NullIfEmpty(_changedJobs.Order().Select(id => _jobsById.GetValueOrDefault(id)).OfType<JobRecord>().ToList()),
            DeletedJobs = NullIfEmpty(_deletedJobs.Order().ToList()),
            Runs = NullIfEmpty(_changedRuns.Order().Select(id => _runsById.GetValueOrDefault(id)).OfType<RunRecord>().ToList()),
            DeletedRuns = NullIfEmpty(_deletedRuns.Order().ToList()),
            IdempotencyTokens = _addedTokens.Count > 0 ? new Dictionary<string, long>(_addedTokens, StringComparer.Ordinal) : null,
        };
        // One line, written at once: compact JSON escapes every newline inside strings.
        var line = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(line)) JsonSerializer.Serialize(writer, entry, EmulatorJsonContext.Default.JournalEntry);
        line.Write("\n"u8);

        var journal = _journal ??= OpenJournal();
        try
        {
            journal.Write(line.WrittenSpan);
            journal.Flush(flushToDisk: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A line half written would hide the lines after it: cut it off, or rewrite everything at the next persist.
            // The changes stay pending either way.
            try
            {
                journal.SetLength(_journalBytes);
                journal.Position = _journalBytes;
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                _journalSuspect = true;
            }
            throw;
        }
        _journalSeq = entry.Seq;
        _journalBytes += line.WrittenCount;
        ClearPendingChanges();
    }

    private static List<T>? NullIfEmpty<T>(List<T> items) => items.Count > 0 ? items : null;

    private void ClearPendingChanges()
    {
        _changedJobs.Clear();
        _deletedJobs.Clear();
        _changedRuns.Clear();
        _deletedRuns.Clear();
        _addedTokens.Clear();
    }

    /// <summary>Writes the whole state as the snapshot (pending changes included), then empties the journal.</summary>
    private void Compact()
    {
        var path = _options.StateFile!;
        var snapshot = new EmulatorSnapshot
        {
            NextId = _nextId,
            JournalSeq = _journalSeq,
            Jobs = [.. _jobs.Ascending()],
            Runs = [.. _runs.Ascending()],
            IdempotencyTokens = new Dictionary<string, long>(_idempotencyTokens),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            JsonSerializer.Serialize(stream, snapshot, EmulatorJsonContext.Default.EmulatorSnapshot);
            stream.Flush(flushToDisk: true);
            _snapshotBytes = stream.Length;
        }
        File.Move(temp, path, overwrite: true);
        ClearPendingChanges();

        // Every line so far is in the snapshot now: from here a kill replays none of them.
        var journal = _journal ??= OpenJournal();
        journal.SetLength(0);
        journal.Position = 0;
        journal.Flush(flushToDisk: true);
        _journalBytes = 0;
        _journalSuspect = false;
    }

    private FileStream OpenJournal()
    {
        var journal = new FileStream(JournalPath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, bufferSize: 0);
        journal.Seek(0, SeekOrigin.End);
        return journal;
    }

    // ---- start -------------------------------------------------------------------------------------------------

    /// <summary>Loads the snapshot, replays the journal over it, and starts from a fresh snapshot and an empty journal.</summary>
    private void OpenState(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        // What a kill during a compaction left behind.
        foreach (var stale in Directory.EnumerateFiles(directory, $".{Path.GetFileName(path)}.*.tmp")) File.Delete(stale);
        var snapshot = File.Exists(path) ? ReadSnapshot(path) : new EmulatorSnapshot();
        var jobs = snapshot.Jobs.ToDictionary(j => j.Job.JobId);
        var runs = snapshot.Runs.ToDictionary(r => r.RunId);
        var tokens = new Dictionary<string, long>(snapshot.IdempotencyTokens, StringComparer.Ordinal);
        var nextId = snapshot.NextId;
        _journalSeq = snapshot.JournalSeq;
        var journalFound = File.Exists(JournalPath);
        foreach (var entry in journalFound ? ReadJournal(JournalPath) : [])
        {
            // Lines the snapshot already holds: a kill came between a compaction's rename and its truncation.
            if (entry.Seq <= snapshot.JournalSeq) continue;
            foreach (var job in entry.Jobs ?? []) jobs[job.Job.JobId] = job;
            foreach (var id in entry.DeletedJobs ?? []) jobs.Remove(id);
            foreach (var run in entry.Runs ?? []) runs[run.RunId] = run;
            foreach (var id in entry.DeletedRuns ?? []) runs.Remove(id);
            foreach (var (token, runId) in entry.IdempotencyTokens ?? []) tokens[token] = runId;
            nextId = Math.Max(nextId, entry.NextId);
            _journalSeq = Math.Max(_journalSeq, entry.Seq);
        }

        _nextId = Math.Max(_nextId, nextId);
        foreach (var (_, job) in jobs.OrderBy(j => j.Key)) AddJob(job);
        foreach (var (_, run) in runs.OrderBy(r => r.Key)) AddRun(run);
        foreach (var (token, runId) in tokens) _idempotencyTokens[token] = runId;

        // Fold what was replayed (and any torn line) into a fresh snapshot: appends then follow a whole line.
        _snapshotBytes = File.Exists(path) ? new FileInfo(path).Length : 0;
        _journal = OpenJournal();
        _journalBytes = _journal.Length;
        if (_journalBytes > 0 || !File.Exists(path)) Compact();
    }

    private static EmulatorSnapshot ReadSnapshot(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, EmulatorJsonContext.Default.EmulatorSnapshot)
                   ?? throw new InvalidDataException($"The state file '{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The state file '{path}' is not a state file of this emulator: {e.Message}", e);
        }
    }

    /// <summary>
    /// The journal's lines. A last line that is not whole (no newline yet, or not JSON) was torn by a kill in the
    /// middle of its write, before any answer: it is left out. A bad line before the last is damage, and stops the start.
    /// </summary>
    private static List<JournalEntry> ReadJournal(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var entries = new List<JournalEntry>();
        var (start, number) = (0, 0);
        while (start < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', start);
            if (end < 0) break;
            number++;
            try
            {
                entries.Add(JsonSerializer.Deserialize(bytes.AsSpan(start, end - start), EmulatorJsonContext.Default.JournalEntry)
                            ?? throw new JsonException("The line is null."));
            }
            catch (JsonException e)
            {
                if (end + 1 == bytes.Length) break;
                throw new InvalidDataException($"The state journal '{path}' is damaged at line {number}: {e.Message}", e);
            }
            start = end + 1;
        }
        return entries;
    }
}
