using DatabricksJobs.Emulator.Hosting;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>
/// jobs/list's name filter, answered from an index of the jobs of each name: the same answers as a scan of every job
/// (exact, case-insensitive, ascending id, keyset paged), whatever renamed, deleted, reloaded or reset the jobs.
/// </summary>
public sealed class NameFilterTests : IAsyncLifetime
{
    private const string Api = ApiClient.Api;
    private readonly string _directory = Directory.CreateTempSubdirectory("emulator-names-").FullName;
    private EmulatorServer _server = null!;
    private ApiClient _api = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(EmulatorFixture.TestOptions());
        _api = new ApiClient(_server.BaseUrl, EmulatorFixture.AdminToken);
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Every job listed under <paramref name="name"/>, page by page.</summary>
    private static async Task<List<long>> NamedAsync(ApiClient api, string name, int limit = 100)
    {
        var ids = new List<long>();
        string? token = null;
        do
        {
            var page = (await api.GetAsync($"{Api}/jobs/list?name={Uri.EscapeDataString(name)}&limit={limit}{(token is null ? "" : $"&page_token={token}")}")).Ok();
            ids.AddRange(page["jobs"]?.AsArray().Select(j => j!["job_id"].Long()) ?? []);
            token = page["next_page_token"]?.GetValue<string>();
        } while (token is not null);
        return ids;
    }

    private static Task<ApiResponse> UpdateAsync(ApiClient api, long jobId, JsonObject? newSettings, params string[] fieldsToRemove) =>
        api.PostAsync($"{Api}/jobs/update", new JsonObject
        {
            ["job_id"] = jobId,
            ["new_settings"] = newSettings,
            ["fields_to_remove"] = new JsonArray(fieldsToRemove.Select(f => (JsonNode)f).ToArray()),
        });

    [Fact]
    public async Task The_filter_follows_renames_by_update_and_reset_and_deletes()
    {
        var (x, y) = ($"names-x-{Guid.NewGuid():N}", $"names-y-{Guid.NewGuid():N}");
        var first = await _api.CreateJobAsync(Job(x, Notebook("a")));
        var second = await _api.CreateJobAsync(Job(x.ToUpperInvariant(), Notebook("a")));
        var third = await _api.CreateJobAsync(Job(y, Notebook("a")));

        Assert.Equal([first, second], await NamedAsync(_api, x));
        Assert.Equal([first, second], await NamedAsync(_api, x.ToUpperInvariant()));
        Assert.Empty(await NamedAsync(_api, x[..^1]));
        Assert.Empty(await NamedAsync(_api, x + " "));

        // A change of anything but the name keeps the job where it was; a rename moves it, in id order.
        (await UpdateAsync(_api, first, new JsonObject { ["description"] = "changed" })).Ok();
        Assert.Equal([first, second], await NamedAsync(_api, x));
        (await UpdateAsync(_api, first, new JsonObject { ["name"] = y })).Ok();
        Assert.Equal([second], await NamedAsync(_api, x));
        Assert.Equal([first, third], await NamedAsync(_api, y));

        // A rename that changes only the case still matches either case.
        (await UpdateAsync(_api, second, new JsonObject { ["name"] = x })).Ok();
        Assert.Equal([second], await NamedAsync(_api, x.ToUpperInvariant()));

        // Reset without a name: the default name, Untitled, and no longer the old one.
        (await _api.PostAsync($"{Api}/jobs/reset", new JsonObject { ["job_id"] = second, ["new_settings"] = new JsonObject { ["tasks"] = new JsonArray(Notebook("a")) } })).Ok();
        Assert.Empty(await NamedAsync(_api, x));
        Assert.Contains(second, await NamedAsync(_api, "untitled"));
        (await _api.PostAsync($"{Api}/jobs/reset", new JsonObject { ["job_id"] = second, ["new_settings"] = Job(x, Notebook("a")) })).Ok();
        Assert.Equal([second], await NamedAsync(_api, x));

        // A job whose name was removed is listed under no name.
        (await UpdateAsync(_api, third, null, "name")).Ok();
        Assert.Equal([first], await NamedAsync(_api, y));

        (await _api.PostAsync($"{Api}/jobs/delete", new JsonObject { ["job_id"] = first })).Ok();
        Assert.Empty(await NamedAsync(_api, y));
        Assert.Equal([second], await NamedAsync(_api, x));
    }

    [Fact]
    public async Task Paging_through_many_matches_goes_forward_and_back_in_id_order_and_shows_a_user_only_what_they_may_see()
    {
        var name = $"names-many-{Guid.NewGuid():N}";
        var named = new List<long>();
        var visible = new List<long>();
        for (var i = 0; i < 60; i++)
        {
            var settings = Job(i % 2 == 0 ? name : name.ToUpperInvariant(), Notebook("a"));
            if (i % 3 == 0)
                settings["access_control_list"] = new JsonArray(new JsonObject { ["user_name"] = EmulatorFixture.PlainUser, ["permission_level"] = "CAN_VIEW" });
            var jobId = await _api.CreateJobAsync(settings);
            named.Add(jobId);
            if (i % 3 == 0) visible.Add(jobId);
            await _api.CreateJobAsync(Job($"{name}-other", Notebook("a")));
        }

        var forward = new List<JsonNode>();
        string? token = null;
        do
        {
            var page = (await _api.GetAsync($"{Api}/jobs/list?name={name}&limit=7{(token is null ? "" : $"&page_token={token}")}")).Ok();
            forward.Add(page);
            Assert.Equal(page["next_page_token"] is not null, page["has_more"]!.GetValue<bool>());
            token = page["next_page_token"]?.GetValue<string>();
        } while (token is not null);
        List<long> Ids(JsonNode page) => page["jobs"]!.AsArray().Select(j => j!["job_id"].Long()).ToList();
        Assert.Equal(named, forward.SelectMany(Ids));
        Assert.Equal(9, forward.Count);
        Assert.Null(forward[0]["prev_page_token"]);

        // Back from the last page by prev_page_token: the same pages, in reverse.
        var backward = new List<List<long>> { Ids(forward[^1]) };
        var previous = forward[^1]["prev_page_token"]?.GetValue<string>();
        while (previous is not null)
        {
            var page = (await _api.GetAsync($"{Api}/jobs/list?name={name}&limit=7&page_token={previous}")).Ok();
            backward.Add(Ids(page));
            previous = page["prev_page_token"]?.GetValue<string>();
        }
        Assert.Equal(named, backward.AsEnumerable().Reverse().SelectMany(ids => ids));

        var offset = (await _api.GetAsync($"{Api}/jobs/list?name={name}&limit=5&offset=10")).Ok();
        Assert.Equal(named.Skip(10).Take(5), Ids(offset));

        using var user = new ApiClient(_server.BaseUrl, EmulatorFixture.UserToken);
        Assert.Equal(visible, await NamedAsync(user, name, limit: 3));
    }

    [Fact]
    public async Task The_filter_answers_the_same_after_a_restart_from_the_journal_or_the_snapshot_and_nothing_after_a_reset()
    {
        var statePath = Path.Combine(_directory, "live", "state.json");
        var options = EmulatorFixture.TestOptions();
        options.StateFile = statePath;
        var (a, b) = ($"names-a-{Guid.NewGuid():N}", $"names-b-{Guid.NewGuid():N}");
        Dictionary<string, List<long>> expected;
        string crashPath;
        await using (var server = await EmulatorServer.StartAsync(options))
        {
            using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
            var ids = new List<long>();
            for (var i = 0; i < 6; i++) ids.Add(await api.CreateJobAsync(Job(i % 2 == 0 ? a : b, Notebook("a"))));
            (await UpdateAsync(api, ids[0], new JsonObject { ["name"] = b.ToUpperInvariant() })).Ok();
            (await api.PostAsync($"{Api}/jobs/reset", new JsonObject { ["job_id"] = ids[1], ["new_settings"] = Job(a, Notebook("a")) })).Ok();
            (await api.PostAsync($"{Api}/jobs/delete", new JsonObject { ["job_id"] = ids[2] })).Ok();
            expected = new() { [a] = await NamedAsync(api, a), [b] = await NamedAsync(api, b) };
            Assert.Equal([ids[1], ids[4]], expected[a]);
            Assert.Equal([ids[0], ids[3], ids[5]], expected[b]);

            // What a kill leaves now: the writes are in the journal alone.
            crashPath = Path.Combine(_directory, "crash", "state.json");
            Directory.CreateDirectory(Path.GetDirectoryName(crashPath)!);
            foreach (var file in new[] { statePath + ".journal", statePath })
            {
                using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = File.Create(Path.Combine(Path.GetDirectoryName(crashPath)!, Path.GetFileName(file)));
                source.CopyTo(copy);
            }
            Assert.True(new FileInfo(crashPath + ".journal").Length > 0);
        }

        foreach (var path in new[] { crashPath, statePath })
        {
            var restart = EmulatorFixture.TestOptions();
            restart.StateFile = path;
            await using var server = await EmulatorServer.StartAsync(restart);
            using var api = new ApiClient(server.BaseUrl, EmulatorFixture.AdminToken);
            Assert.Equal(expected[a], await NamedAsync(api, a));
            Assert.Equal(expected[b], await NamedAsync(api, b.ToUpperInvariant()));

            if (path != statePath) continue;
            (await api.PostAsync("/emulator/reset", null)).Ok();
            Assert.Empty(await NamedAsync(api, a));
            Assert.Empty(await NamedAsync(api, b));
            var fresh = await api.CreateJobAsync(Job(a, Notebook("a")));
            Assert.Equal([fresh], await NamedAsync(api, a));
        }
    }
}
