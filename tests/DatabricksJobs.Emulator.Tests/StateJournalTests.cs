using System.Net;
using System.Text;
using DatabricksJobs.Emulator.Hosting;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>
/// The state file as a snapshot and a journal of changes: every answered write is found again after a restart, clean
/// or not (a copy of the files taken while the emulator runs is what a kill leaves), whatever compaction did meanwhile.
/// </summary>
public sealed class StateJournalTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("emulator-journal-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string StatePath(string name = "live") => Path.Combine(_directory, name, "state.json");

    private static EmulatorOptions Options(string statePath, long compactionBytes = 1 << 20, TextWriter? warnings = null)
    {
        var options = EmulatorFixture.TestOptions();
        options.StateFile = statePath;
        options.JournalCompactionBytes = compactionBytes;
        options.Warnings = warnings ?? TextWriter.Null;
        return options;
    }

    /// <summary>
    /// The files as they are on disk now, as a kill -9 would leave them, copied to a directory of their own. The journal
    /// first: a compaction between the two copies then gives a snapshot that holds the copied journal's lines, as on
    /// disk, never a journal that starts past the snapshot.
    /// </summary>
    private string CrashCopy(string statePath, string name)
    {
        var target = StatePath(name);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        foreach (var file in new[] { statePath + ".journal", statePath })
        {
            if (!File.Exists(file)) continue;
            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = File.Create(Path.Combine(Path.GetDirectoryName(target)!, Path.GetFileName(file)));
            source.CopyTo(copy);
        }
        return target;
    }

    /// <summary>Everything a client can see: every job (with tasks and permissions) and every run (with its tasks), page by page.</summary>
    private static async Task<string> ViewAsync(ApiClient api)
    {
        var view = new StringBuilder();
        string? token = null;
        do
        {
            var page = (await api.GetAsync($"/api/2.1/jobs/list?limit=100&expand_tasks=true{(token is null ? "" : $"&page_token={token}")}")).Ok();
            foreach (var job in page["jobs"]?.AsArray() ?? [])
            {
                view.AppendLine(job!.ToJsonString());
                view.AppendLine((await api.GetAsync($"/api/2.0/permissions/jobs/{job["job_id"].Long()}")).Ok().ToJsonString());
            }
            token = page["next_page_token"]?.GetValue<string>();
        } while (token is not null);
        do
        {
            var page = (await api.GetAsync($"/api/2.1/jobs/runs/list?limit=25&expand_tasks=true{(token is null ? "" : $"&page_token={token}")}")).Ok();
            foreach (var run in page["runs"]?.AsArray() ?? []) view.AppendLine(run!.ToJsonString());
            token = page["next_page_token"]?.GetValue<string>();
        } while (token is not null);
        return view.ToString();
    }

    /// <summary>Creates, changes and deletes jobs and runs of every kind; answers the idempotency tokens it used, with their runs.</summary>
    private static async Task<Dictionary<string, (long JobId, long RunId)>> ManyWritesAsync(ApiClient api, string prefix, int jobs)
    {
        var jobIds = new List<long>();
        for (var i = 0; i < jobs; i++) jobIds.Add(await api.CreateJobAsync(Job($"{prefix}-{i}", Notebook("a", new() { ["exit"] = $"out-{i}" }), Notebook("b", null, "a"))));
        for (var i = 0; i < jobs; i += 3)
        {
            (await api.PostAsync("/api/2.2/jobs/update", new JsonObject
            {
                ["job_id"] = jobIds[i], ["new_settings"] = new JsonObject { ["description"] = $"updated {i}", ["max_concurrent_runs"] = 5 },
            })).Ok();
        }
        for (var i = 1; i < jobs; i += 7)
        {
            var settings = Job($"{prefix}-reset-{i}", Notebook("only"));
            settings["tags"] = new JsonObject { ["reset"] = "yes" };
            (await api.PostAsync("/api/2.2/jobs/reset", new JsonObject { ["job_id"] = jobIds[i], ["new_settings"] = settings })).Ok();
        }
        for (var i = 2; i < jobs; i += 11)
        {
            (await api.SendAsync(HttpMethod.Patch, $"/api/2.0/permissions/jobs/{jobIds[i]}",
                """{"access_control_list":[{"user_name":"someone@example.com","permission_level":"CAN_MANAGE_RUN"}]}""")).Ok();
        }
        var tokens = new Dictionary<string, (long JobId, long RunId)>();
        var runIds = new List<long>();
        for (var i = 0; i < jobs; i += 4)
        {
            var token = $"{prefix}-token-{i}";
            var runId = await api.RunNowAsync(jobIds[i], new JsonObject { ["idempotency_token"] = token, ["notebook_params"] = new JsonObject { ["p"] = $"{i}" } });
            tokens[token] = (jobIds[i], runId);
            runIds.Add(runId);
        }
        var submitted = (await api.PostAsync("/api/2.2/jobs/runs/submit", Job($"{prefix}-submit", Notebook("s")))).Ok()["run_id"].Long();
        runIds.Add(submitted);
        var canceled = await api.RunNowAsync(jobIds[1], new JsonObject { ["notebook_params"] = new JsonObject { ["sleep_seconds"] = "30" } });
        (await api.PostAsync("/api/2.2/jobs/runs/cancel", new JsonObject { ["run_id"] = canceled })).Ok();
        foreach (var runId in runIds.Append(canceled)) await api.WaitForRunAsync(runId);
        var failing = await api.RunNowAsync(jobIds[5], new JsonObject { ["notebook_params"] = new JsonObject { ["fail"] = "true" } });
        await api.WaitForRunAsync(failing);
        (await api.PostAsync("/api/2.2/jobs/runs/repair", new JsonObject { ["run_id"] = failing, ["rerun_all_failed_tasks"] = true, ["notebook_params"] = new JsonObject { ["fail"] = "false" } })).Ok();
        await api.WaitForRunAsync(failing);
        for (var i = 0; i < runIds.Count; i += 5) (await api.PostAsync("/api/2.2/jobs/runs/delete", new JsonObject { ["run_id"] = runIds[i] })).Ok();
        for (var i = 3; i < jobs; i += 9) (await api.PostAsync("/api/2.2/jobs/delete", new JsonObject { ["job_id"] = jobIds[i] })).Ok();
        return tokens;
    }

    private static async Task AssertSameStateAsync(EmulatorOptions options, string expectedView, Dictionary<string, (long JobId, long RunId)> tokens)
    {
        await using var server = await EmulatorServer.StartAsync(options);
        using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
        Assert.Equal(expectedView, await ViewAsync(api));
        foreach (var (token, (jobId, runId)) in tokens)
        {
            var again = await api.PostAsync("/api/2.2/jobs/run-now", new JsonObject { ["job_id"] = jobId, ["idempotency_token"] = token });
            // The token still names its run: the same run, or, for a run since deleted (or a deleted job), a 4xx, never a new run.
            if (again.Status == HttpStatusCode.OK) Assert.Equal(runId, again.Json!["run_id"].Long());
            else Assert.InRange((int)again.Status, 400, 499);
        }
        Assert.True(await api.CreateJobAsync(Job("after", Notebook("a"))) > tokens.Values.Max(t => t.RunId), "New ids never reuse old ones.");
    }

    [Fact]
    public async Task Many_writes_are_all_there_after_a_clean_restart_and_after_a_kill()
    {
        var path = StatePath();
        string view, crashed;
        Dictionary<string, (long JobId, long RunId)> tokens;
        await using (var server = await EmulatorServer.StartAsync(Options(path)))
        {
            using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
            tokens = await ManyWritesAsync(api, "many", 120);
            view = await ViewAsync(api);
            crashed = CrashCopy(path, "crashed");
            Assert.True(new FileInfo(path + ".journal").Length > 0, "The writes went to the journal.");
        }
        Assert.Equal(0, new FileInfo(path + ".journal").Length);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, ".*.tmp"));

        await AssertSameStateAsync(Options(path), view, tokens);
        await AssertSameStateAsync(Options(crashed), view, tokens);
    }

    [Fact]
    public async Task Compaction_keeps_everything()
    {
        var path = StatePath();
        string view, crashed;
        Dictionary<string, (long JobId, long RunId)> tokens;
        // Compact whenever the journal outgrows twice the snapshot: many times over these writes.
        await using (var server = await EmulatorServer.StartAsync(Options(path, compactionBytes: 1)))
        {
            using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
            tokens = await ManyWritesAsync(api, "compacted", 120);
            view = await ViewAsync(api);
            Assert.Contains("compacted-0\"", await File.ReadAllTextAsync(path)); // the snapshot was rewritten since the start
            Assert.True(new FileInfo(path + ".journal").Length <= 2 * new FileInfo(path).Length + 64 * 1024, "The journal was compacted as it grew.");
            crashed = CrashCopy(path, "crashed");
        }
        await AssertSameStateAsync(Options(path), view, tokens);
        await AssertSameStateAsync(Options(crashed), view, tokens);
    }

    [Theory]
    [InlineData("half of the last line")]
    [InlineData("the last line without its newline")]
    [InlineData("zeros after the last line")]
    public async Task A_torn_last_line_is_left_out_and_the_start_goes_on(string tear)
    {
        var path = StatePath();
        string crashed;
        long first, second, last;
        await using (var server = await EmulatorServer.StartAsync(Options(path)))
        {
            using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
            first = await api.CreateJobAsync(Job("first", Notebook("a")));
            second = await api.CreateJobAsync(Job("second", Notebook("a")));
            last = await api.CreateJobAsync(Job("last", Notebook("a")));
            crashed = CrashCopy(path, "crashed");
        }
        var journal = crashed + ".journal";
        var bytes = await File.ReadAllBytesAsync(journal);
        var lastLineStart = Array.LastIndexOf(bytes, (byte)'\n', bytes.Length - 2) + 1;
        bytes = tear switch
        {
            "half of the last line" => bytes[..(lastLineStart + (bytes.Length - lastLineStart) / 2)],
            "the last line without its newline" => bytes[..^1],
            _ => [.. bytes, .. new byte[100]],
        };
        await File.WriteAllBytesAsync(journal, bytes);

        var warnings = new StringWriter();
        await using (var restarted = await EmulatorServer.StartAsync(Options(crashed, warnings: warnings)))
        {
            // Never answered, so nothing lost: a note, no damage, nothing kept aside.
            Assert.Contains($"The state journal '{journal}' ends in ", warnings.ToString());
            Assert.Contains("it is left out", warnings.ToString());
            Assert.DoesNotContain("damaged", warnings.ToString());
            Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(crashed)!, "state.json.damaged-*"));
            using var api = new ApiClient(restarted.BaseUrl, EmulatorFixture.AdminToken);
            (await api.GetAsync($"/api/2.2/jobs/get?job_id={first}")).Ok();
            (await api.GetAsync($"/api/2.2/jobs/get?job_id={second}")).Ok();
            var lastJob = await api.GetAsync($"/api/2.2/jobs/get?job_id={last}");
            if (tear == "zeros after the last line") lastJob.Ok();
            else lastJob.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
            // The torn line is gone from the journal: what is written next is read back whole.
            Assert.Equal(0, new FileInfo(journal).Length);
            await api.CreateJobAsync(Job("after the tear", Notebook("a")));
        }
        await using var again = await EmulatorServer.StartAsync(Options(crashed));
        using var check = new ApiClient(again.BaseUrl, EmulatorFixture.AdminToken);
        Assert.Single((await check.GetAsync("/api/2.2/jobs/list?name=after the tear")).Ok()["jobs"]!.AsArray());
    }

    /// <summary>What three lifetimes of one state file left: the job ids in order, and copies of the files as a kill leaves them.</summary>
    private sealed record History(long[] JobIds, byte[] Snapshot, byte[] Journal, byte[] LaterJournal);

    /// <summary>
    /// Jobs job-0 and job-1, then a clean stop (the snapshot holds sequences 1 and 2); job-2 to job-7, a journal line
    /// each (sequences 3 to 8), copied as a kill leaves them, then a clean stop; job-8 and job-9 (sequences 9 and 10),
    /// whose journal is copied too.
    /// </summary>
    private async Task<History> HistoryAsync()
    {
        var path = StatePath();
        var ids = new List<long>();
        var copies = new List<(byte[] Snapshot, byte[] Journal)>();
        foreach (var (from, to) in new[] { (0, 2), (2, 8), (8, 10) })
        {
            await using var server = await EmulatorServer.StartAsync(Options(path));
            using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
            for (var i = from; i < to; i++) ids.Add(await api.CreateJobAsync(Job($"job-{i}", Notebook("a"))));
            var copy = CrashCopy(path, $"copy-{from}");
            copies.Add((await File.ReadAllBytesAsync(copy), await File.ReadAllBytesAsync(copy + ".journal")));
        }
        var journal = copies[1].Journal;
        Assert.Equal(6, journal.Count(b => b == (byte)'\n'));
        return new History([.. ids], copies[1].Snapshot, journal, copies[2].Journal);
    }

    /// <summary>A journal's lines, each with its newline.</summary>
    private static List<byte[]> Lines(byte[] journal)
    {
        var lines = new List<byte[]>();
        for (var start = 0; start < journal.Length;)
        {
            var end = Array.IndexOf(journal, (byte)'\n', start) + 1;
            lines.Add(journal[start..end]);
            start = end;
        }
        return lines;
    }

    /// <summary>The line with one character of its record changed: still JSON, still a whole line, with the newline.</summary>
    private static byte[] Altered(byte[] line) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line).Replace("\"name\":\"job-", "\"name\":\"jbb-"));

    [Theory]
    [InlineData("a bad last line ending in its newline")]
    [InlineData("half of the last line, then a newline")]
    [InlineData("a bad line in the middle")]
    [InlineData("a missing line in the middle")]
    [InlineData("a cut in the middle of the file")]
    [InlineData("a sequence going back")]
    [InlineData("a journal that does not follow the snapshot")]
    public async Task Damage_is_reported_with_what_was_lost_the_files_are_kept_aside_and_the_writes_before_it_are_there(string damage)
    {
        var history = await HistoryAsync();
        var lines = Lines(history.Journal);
        var snapshot = history.Snapshot;
        // The damaged journal, how many jobs (job-0 on) come before the damage, where it is, and what it cost.
        (byte[] Journal, int Kept, string Where, string Lost) expected = damage switch
        {
            "a bad last line ending in its newline" =>
                ([.. lines[..5].SelectMany(l => l), .. Altered(lines[5])], 7, "line 6 fails its checksum (its content changed after it was written)",
                 "Not applied: 1 line from the damage on. Lost: the writes of the damaged line;"),
            "half of the last line, then a newline" =>
                ([.. lines[..5].SelectMany(l => l), .. lines[5][..(lines[5].Length / 2)], (byte)'\n'], 7, "line 6 fails its checksum (its content changed after it was written)",
                 "Not applied: 1 line from the damage on. Lost: the writes of the damaged line;"),
            "a bad line in the middle" =>
                ([.. lines[..2].SelectMany(l => l), .. Altered(lines[2]), .. lines[3..].SelectMany(l => l)], 4, "line 3 fails its checksum (its content changed after it was written)",
                 "Not applied: 4 lines from the damage on. Lost: the writes of sequences 5 to 8;"),
            "a missing line in the middle" =>
                ([.. lines[..2].SelectMany(l => l), .. lines[3..].SelectMany(l => l)], 4, "line 3 has sequence 6 after sequence 4 (missing: sequence 5)",
                 "Not applied: 3 lines from the damage on. Lost: the writes of sequences 5 to 8;"),
            "a cut in the middle of the file" =>
                // From a third into line 2 to two thirds into line 4 (at the same place in both, the cut could join a whole line again).
                ([.. lines[0], .. lines[1][..(lines[1].Length / 3)], .. lines[3][(2 * lines[3].Length / 3)..], .. lines[4..].SelectMany(l => l)], 3,
                 "line 2 fails its checksum (its content changed after it was written)", "Not applied: 3 lines from the damage on. Lost: the writes of sequences 4 to 8;"),
            "a sequence going back" =>
                ([.. lines[..4].SelectMany(l => l), .. lines[2], .. lines[4..].SelectMany(l => l)], 6, "line 5 has sequence 5 after sequence 6, going back",
                 "Not applied: 3 lines from the damage on. Lost: the writes of sequences 7 to 8;"),
            _ => (history.LaterJournal, 2,
                  "line 1 has sequence 9, and the state file holds the writes up to sequence 2: the journal does not follow it (missing: sequences 3 to 8)",
                  "Not applied: 2 lines from the damage on. Lost: the writes of sequences 3 to 10;"),
        };
        var path = StatePath("damaged");
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        await File.WriteAllBytesAsync(path, snapshot);
        await File.WriteAllBytesAsync(path + ".journal", expected.Journal);

        async Task AssertWritesBeforeTheDamageAsync(ApiClient api)
        {
            for (var i = 0; i < history.JobIds.Length; i++)
            {
                var job = await api.GetAsync($"/api/2.2/jobs/get?job_id={history.JobIds[i]}");
                if (i < expected.Kept) Assert.Equal($"job-{i}", job.Ok()["settings"]!["name"].Str());
                else job.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
            }
        }

        var warnings = new StringWriter();
        string kept;
        await using (var server = await EmulatorServer.StartAsync(Options(path, warnings: warnings)))
        {
            var report = warnings.ToString();
            Assert.True(report.Contains($"The state journal '{path}.journal' is damaged: {expected.Where}.{Environment.NewLine}") && report.Contains(expected.Lost), report);
            kept = Assert.Single(Directory.GetFiles(directory, "state.json.damaged-*"), f => !f.EndsWith(".journal", StringComparison.Ordinal));
            Assert.Contains($"The damaged files are kept as '{kept}' and '{kept}.journal'.", report);
            Assert.Equal(snapshot, await File.ReadAllBytesAsync(kept));
            Assert.Equal(expected.Journal, await File.ReadAllBytesAsync(kept + ".journal"));
            Assert.Equal(0, new FileInfo(path + ".journal").Length);

            using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
            await AssertWritesBeforeTheDamageAsync(api);
            // No id a lost write handed out is handed out again.
            Assert.True(await api.CreateJobAsync(Job("after the damage", Notebook("a"))) > history.JobIds.Max());
        }

        // Started again: the state up to the damage and what came after, no report, the kept files as they were.
        var again = new StringWriter();
        await using (var server = await EmulatorServer.StartAsync(Options(path, warnings: again)))
        {
            Assert.Equal("", again.ToString());
            using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
            await AssertWritesBeforeTheDamageAsync(api);
            Assert.Single((await api.GetAsync("/api/2.2/jobs/list?name=after the damage")).Ok()["jobs"]!.AsArray());
        }
        Assert.Equal(2, Directory.GetFiles(directory, "state.json.damaged-*").Length);
        Assert.Equal(snapshot, await File.ReadAllBytesAsync(kept));
        Assert.Equal(expected.Journal, await File.ReadAllBytesAsync(kept + ".journal"));
    }

    [Fact]
    public async Task A_second_damage_is_kept_beside_the_first_never_over_it()
    {
        var history = await HistoryAsync();
        var path = StatePath("damaged");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var lines = Lines(history.Journal);
        byte[][] journals = [[.. lines[0], .. Altered(lines[1])], [.. lines[0], .. lines[2]]];
        foreach (var journal in journals)
        {
            await File.WriteAllBytesAsync(path, history.Snapshot);
            await File.WriteAllBytesAsync(path + ".journal", journal);
            await using var server = await EmulatorServer.StartAsync(Options(path));
        }
        var kept = Directory.GetFiles(Path.GetDirectoryName(path)!, "state.json.damaged-*.journal");
        Assert.Equal(journals.Select(Convert.ToHexString).Order(), kept.Select(k => Convert.ToHexString(File.ReadAllBytes(k))).Order());
    }

    [Fact]
    public async Task A_journal_without_checksums_stops_the_start_with_a_clear_error_and_is_left_as_it_is()
    {
        // What the emulator wrote before lines had checksums: the record alone.
        var history = await HistoryAsync();
        var path = StatePath("old");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        byte[] journal = [.. Lines(history.Journal).SelectMany(line => line[17..])];
        Assert.Equal((byte)'{', journal[0]);
        await File.WriteAllBytesAsync(path, history.Snapshot);
        await File.WriteAllBytesAsync(path + ".journal", journal);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => EmulatorServer.StartAsync(Options(path)));
        Assert.Contains($"The state journal '{path}.journal' has lines without checksums: an earlier version of the emulator wrote it.", error.Message);
        Assert.Equal(history.Snapshot, await File.ReadAllBytesAsync(path));
        Assert.Equal(journal, await File.ReadAllBytesAsync(path + ".journal"));
        Assert.Equal(2, Directory.GetFiles(Path.GetDirectoryName(path)!).Length);
    }

    [Fact]
    public async Task Lines_a_compaction_already_holds_are_not_replayed_over_it()
    {
        // A kill between a compaction's rename of the snapshot and its truncation of the journal leaves the new snapshot
        // beside the old journal, whose lines hold older versions of the same records.
        var path = StatePath();
        long jobId;
        byte[] oldJournal;
        await using (var server = await EmulatorServer.StartAsync(Options(path)))
        {
            using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
            jobId = await api.CreateJobAsync(Job("v1", Notebook("a")));
            (await api.PostAsync("/api/2.2/jobs/update", new JsonObject { ["job_id"] = jobId, ["new_settings"] = new JsonObject { ["name"] = "v2" } })).Ok();
            oldJournal = await File.ReadAllBytesAsync(CrashCopy(path, "old") + ".journal");
            (await api.PostAsync("/api/2.2/jobs/update", new JsonObject { ["job_id"] = jobId, ["new_settings"] = new JsonObject { ["name"] = "v3" } })).Ok();
        }
        Assert.NotEmpty(oldJournal);
        await File.WriteAllBytesAsync(path + ".journal", oldJournal);

        await using var restarted = await EmulatorServer.StartAsync(Options(path));
        using var again = new ApiClient(restarted.BaseUrl, EmulatorFixture.AdminToken);
        Assert.Equal("v3", (await again.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).Ok()["settings"]!["name"].Str());
    }

    [Fact]
    public async Task A_state_file_of_the_whole_state_alone_still_loads()
    {
        // What earlier versions wrote: the snapshot, no journal, no journal_seq.
        var path = StatePath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, """
            {"next_id":5000,"jobs":[{"job":{"job_id":4000,"creator_user_name":"admin@example.com","run_as_user_name":"admin@example.com",
            "created_time":1,"settings":{"name":"old","tasks":[{"task_key":"a","notebook_task":{"notebook_path":"/a"}}]}},
            "grants":[{"user_name":"admin@example.com","permission_level":"IS_OWNER"}]}],"runs":[],"idempotency_tokens":{}}
            """.ReplaceLineEndings(""));
        await using var server = await EmulatorServer.StartAsync(Options(path));
        using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
        Assert.Equal("old", (await api.GetAsync("/api/2.2/jobs/get?job_id=4000")).Ok()["settings"]!["name"].Str());
        Assert.True(await api.CreateJobAsync(Job("new", Notebook("a"))) > 5000);
    }

    [Fact]
    public async Task Reset_empties_the_state_file_too()
    {
        var path = StatePath();
        await using (var server = await EmulatorServer.StartAsync(Options(path)))
        {
            using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
            await api.CreateJobAsync(Job("forgotten", Notebook("a")));
            (await api.PostAsync("/emulator/reset", null)).Ok();
            var crashed = CrashCopy(path, "crashed");
            await using var restarted = await EmulatorServer.StartAsync(Options(crashed));
            using var again = new ApiClient(restarted.BaseUrl, EmulatorFixture.AdminToken);
            Assert.Null((await again.GetAsync("/api/2.2/jobs/list")).Ok()["jobs"]);
        }
    }
}
