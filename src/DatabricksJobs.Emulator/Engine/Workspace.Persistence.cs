using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Emulator.Engine;

// The state file, kept as a snapshot and an append-only journal, so that a write costs what it changed, not the
// size of the whole state:
//
//   PATH          the whole state (EmulatorSnapshot), rewritten only when the journal is compacted into it;
//   PATH.journal  one line per persisted batch of changes: a checksum (the first 8 bytes of the SHA-256 of the record,
//                 in hex), a space, the record (a JournalEntry as compact JSON: the jobs and runs it changed, whole,
//                 the ones it deleted and the idempotency tokens it added, under a sequence number one past the
//                 line before), a newline. An API write's line is fsync'd before the answer is sent.
//
// On start: load the snapshot, replay the journal lines newer than it, then compact. Compaction (at start, once the
// journal outgrows EmulatorOptions.JournalCompactionBytes and twice the snapshot, on reset and on a clean stop) writes
// the snapshot to a temporary file, fsyncs it, renames it over the old one, then empties the journal. The snapshot
// names the last line it holds (journal_seq), so a kill between the rename and the truncation replays no line twice.
//
// A last line without its newline is what a kill in the middle of a write leaves, and that write was never answered:
// it is left out, with a note. Anything else that is not a whole line in sequence after the snapshot (a line failing
// its checksum, a sequence number skipped or repeated, a journal starting past the snapshot) is damage: the start goes
// on with the state up to it, says on EmulatorOptions.Warnings what was lost, and keeps the snapshot and the journal
// as they were under PATH.damaged-TIME and PATH.damaged-TIME.journal, which nothing rewrites.
public sealed partial class Workspace
{
    /// <summary>Changes made by the simulation alone are persisted at most this often (an API write always is).</summary>
    private const long SimulationPersistIntervalMs = 200;

    /// <summary>The hex digits of a journal line's checksum, before the space and the record.</summary>
    private const int ChecksumLength = 16;

    /// <summary>
    /// After damage, new ids start this far past the highest one known, so that no id a lost write handed out (its
    /// job or run is gone) is handed out again for something else.
    /// </summary>
    private const long IdsSkippedAfterDamage = 1_000_000;

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

    /// <summary>Whether the next persist has something to write: then a read is answered only after it (see ApiRequest.Read).</summary>
    public bool HasUnpersistedChanges => _options.StateFile is not null && (HasPendingChanges || _journalSuspect);

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
        if (!HasUnpersistedChanges) return;
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
        var record = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(record)) JsonSerializer.Serialize(writer, entry, EmulatorJsonContext.Default.JournalEntry);
        var line = new byte[ChecksumLength + 1 + record.WrittenCount + 1];
        Checksum(record.WrittenSpan, line.AsSpan(0, ChecksumLength));
        line[ChecksumLength] = (byte)' ';
        record.WrittenSpan.CopyTo(line.AsSpan(ChecksumLength + 1));
        line[^1] = (byte)'\n';

        var journal = _journal ??= OpenJournal();
        try
        {
            journal.Write(line);
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
                // The line may be on disk: the snapshot that replaces the journal must say it holds it.
                _journalSeq = entry.Seq;
                _journalSuspect = true;
            }
            throw;
        }
        _journalSeq = entry.Seq;
        _journalBytes += line.Length;
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

    /// <summary>The first 8 bytes of the record's SHA-256, as lowercase hex: what tells a whole line from a damaged one.</summary>
    private static void Checksum(ReadOnlySpan<byte> record, Span<byte> hex)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(record, hash);
        Convert.TryToHexStringLower(hash[..(ChecksumLength / 2)], hex, out _);
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
        var journal = File.Exists(JournalPath) ? ReadJournal(JournalPath, snapshot.JournalSeq) : new JournalReading();
        var jobs = snapshot.Jobs.ToDictionary(j => j.Job.JobId);
        var runs = snapshot.Runs.ToDictionary(r => r.RunId);
        var tokens = new Dictionary<string, long>(snapshot.IdempotencyTokens, StringComparer.Ordinal);
        var nextId = snapshot.NextId;
        _journalSeq = snapshot.JournalSeq;
        foreach (var entry in journal.Entries)
        {
            foreach (var job in entry.Jobs ?? []) jobs[job.Job.JobId] = job;
            foreach (var id in entry.DeletedJobs ?? []) jobs.Remove(id);
            foreach (var run in entry.Runs ?? []) runs[run.RunId] = run;
            foreach (var id in entry.DeletedRuns ?? []) runs.Remove(id);
            foreach (var (token, runId) in entry.IdempotencyTokens ?? []) tokens[token] = runId;
            nextId = Math.Max(nextId, entry.NextId);
            _journalSeq = entry.Seq;
        }
        if (journal.TornBytes > 0)
        {
            _options.Warnings.WriteLine($"The state journal '{JournalPath}' ends in {journal.TornBytes} bytes of a line without its newline, " +
                                        "a write cut short by a stop before it was answered: it is left out.");
        }
        if (journal.Damage is { } damage)
        {
            var kept = KeepDamagedState(path);
            var lost = journal.HighestSeq > _journalSeq ? $"the writes of {Sequences(_journalSeq + 1, journal.HighestSeq)}" : "the writes of the damaged line";
            _options.Warnings.WriteLine(
                $"The state journal '{JournalPath}' is damaged: {damage}.{Environment.NewLine}" +
                $"The emulator starts with the state as of sequence {_journalSeq}. Not applied: {journal.LinesNotApplied} " +
                $"{(journal.LinesNotApplied == 1 ? "line" : "lines")} from the damage on. Lost: {lost}; the jobs, runs and idempotency tokens " +
                $"they made or changed are missing, and their ids are not handed out again.{Environment.NewLine}" +
                $"The damaged files are kept as {string.Join(" and ", kept.Select(k => $"'{k}'"))}.");
            nextId = Math.Max(nextId, journal.HighestNextId) + IdsSkippedAfterDamage;
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

    private static string Sequences(long first, long last) => first == last ? $"sequence {first}" : $"sequences {first} to {last}";

    /// <summary>
    /// Copies the snapshot and the journal, as they are, to names no compaction touches (PATH.damaged-TIME and
    /// PATH.damaged-TIME.journal, never over an earlier pair), on disk before the compaction that follows.
    /// </summary>
    private List<string> KeepDamagedState(string path)
    {
        var stamp = _time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var kept = $"{path}.damaged-{stamp}";
        for (var n = 2; File.Exists(kept) || File.Exists(kept + ".journal"); n++) kept = $"{path}.damaged-{stamp}-{n}";
        var copies = new List<string>();
        foreach (var (source, copy) in new[] { (path, kept), (JournalPath, kept + ".journal") })
        {
            if (!File.Exists(source)) continue;
            using (var from = File.OpenRead(source))
            using (var to = new FileStream(copy, FileMode.CreateNew, FileAccess.Write))
            {
                from.CopyTo(to);
                to.Flush(flushToDisk: true);
            }
            copies.Add(copy);
        }
        return copies;
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

    /// <summary>What a journal holds past its snapshot, up to any damage, and what the damage cost.</summary>
    private sealed class JournalReading
    {
        /// <summary>The records to replay: whole lines in sequence, newer than the snapshot, before any damage.</summary>
        public List<JournalEntry> Entries { get; } = [];
        /// <summary>The length of a last line without its newline (a torn write, left out), or 0.</summary>
        public int TornBytes { get; set; }
        /// <summary>The first damage, in words (which line, what is wrong with it), or null.</summary>
        public string? Damage { get; set; }
        /// <summary>The whole lines from the damage on, the damaged one included: none of them is replayed.</summary>
        public int LinesNotApplied { get; set; }
        /// <summary>The highest sequence and next id of any line that passes its checksum, before or after the damage.</summary>
        public long HighestSeq { get; set; }
        public long HighestNextId { get; set; }
    }

    /// <summary>
    /// Reads the journal line by line; the first line that is not a whole record in sequence after the snapshot
    /// (<paramref name="snapshotSeq"/>) is damage, and nothing from it on is replayed.
    /// </summary>
    private static JournalReading ReadJournal(string path, long snapshotSeq)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length > 0 && bytes[0] == (byte)'{')
        {
            throw new InvalidDataException(
                $"The state journal '{path}' has lines without checksums: an earlier version of the emulator wrote it. Start that " +
                "version once with the same --state-file and stop it cleanly (Ctrl+C), which folds the journal into the state file, " +
                "or move the journal away to start from the state file alone, without the writes in the journal.");
        }
        var reading = new JournalReading();
        long? previous = null;
        var (start, number) = (0, 0);
        for (var end = Array.IndexOf(bytes, (byte)'\n'); end >= 0; start = end + 1, end = Array.IndexOf(bytes, (byte)'\n', start))
        {
            number++;
            var (entry, problem) = ReadJournalLine(bytes.AsSpan(start, end - start));
            if (entry is not null)
            {
                reading.HighestSeq = Math.Max(reading.HighestSeq, entry.Seq);
                reading.HighestNextId = Math.Max(reading.HighestNextId, entry.NextId);
            }
            if (reading.Damage is not null)
            {
                reading.LinesNotApplied++;
                continue;
            }
            problem ??= previous switch
            {
                null when entry!.Seq > snapshotSeq + 1 =>
                    $"has sequence {entry.Seq}, and the state file holds the writes up to sequence {snapshotSeq}: the journal does not follow it " +
                    $"(missing: {Sequences(snapshotSeq + 1, entry.Seq - 1)})",
                { } seq when entry!.Seq > seq + 1 => $"has sequence {entry.Seq} after sequence {seq} (missing: {Sequences(seq + 1, entry.Seq - 1)})",
                { } seq when entry!.Seq <= seq => $"has sequence {entry.Seq} after sequence {seq}, going back",
                _ => null,
            };
            if (problem is not null)
            {
                reading.Damage = $"line {number} {problem}";
                reading.LinesNotApplied = 1;
                continue;
            }
            previous = entry!.Seq;
            // Lines the snapshot already holds: a kill came between a compaction's rename and its truncation.
            if (entry.Seq > snapshotSeq) reading.Entries.Add(entry);
        }
        reading.TornBytes = bytes.Length - start;
        return reading;
    }

    /// <summary>One line (without its newline) as a record, or what is wrong with it.</summary>
    private static (JournalEntry? Entry, string? Problem) ReadJournalLine(ReadOnlySpan<byte> line)
    {
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        if (line.Length <= ChecksumLength || line[ChecksumLength] != (byte)' ') return (null, "is not a journal line (no checksum where it begins)");
        var record = line[(ChecksumLength + 1)..];
        Checksum(record, checksum);
        if (!checksum.SequenceEqual(line[..ChecksumLength])) return (null, "fails its checksum (its content changed after it was written)");
        try
        {
            return (JsonSerializer.Deserialize(record, EmulatorJsonContext.Default.JournalEntry) ?? throw new JsonException("The record is null."), null);
        }
        catch (JsonException e)
        {
            return (null, $"is not a record of this emulator: {e.Message}");
        }
    }
}
