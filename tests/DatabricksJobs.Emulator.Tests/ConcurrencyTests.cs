using DatabricksJobs.Emulator.Engine;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>
/// Reads run beside each other and writes (and the simulation's tick) run alone: many clients at once never see an
/// error, a half-made change or an answer that contradicts the state before and after.
/// </summary>
public sealed class ConcurrencyTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private const string Api = ApiClient.Api;
    private readonly ApiClient _api = emulator.Admin;

    private async Task<List<long>> NamedAsync(string name)
    {
        var ids = new List<long>();
        string? token = null;
        do
        {
            var page = (await _api.GetAsync($"{Api}/jobs/list?name={name}&limit=3{(token is null ? "" : $"&page_token={token}")}")).Ok();
            foreach (var job in page["jobs"]?.AsArray() ?? [])
            {
                Assert.Equal(name, job!["settings"]!["name"].Str(), StringComparer.OrdinalIgnoreCase);
                ids.Add(job["job_id"].Long());
            }
            token = page["next_page_token"]?.GetValue<string>();
        } while (token is not null);
        return ids;
    }

    [Fact]
    public async Task Eight_readers_and_three_writers_at_once_get_consistent_answers()
    {
        var (steadyName, movingName, movedName) = ($"steady-{Guid.NewGuid():N}", $"moving-{Guid.NewGuid():N}", $"moved-{Guid.NewGuid():N}");
        var steady = new List<long>();
        for (var i = 0; i < 10; i++) steady.Add(await _api.CreateJobAsync(Job(steadyName, Notebook("a"))));
        var steadyRun = await _api.RunNowAsync(steady[0]);

        // Each writer makes jobs under one name, renames them, runs them and deletes every other one.
        var writers = Enumerable.Range(0, 3).Select(async _ =>
        {
            var kept = new List<long>();
            for (var k = 0; k < 20; k++)
            {
                var jobId = await _api.CreateJobAsync(Job(movingName, Notebook("a")));
                (await _api.PostAsync($"{Api}/jobs/update", new JsonObject { ["job_id"] = jobId, ["new_settings"] = new JsonObject { ["name"] = movedName } })).Ok();
                await _api.RunNowAsync(jobId);
                if (k % 2 == 0) (await _api.PostAsync($"{Api}/jobs/delete", new JsonObject { ["job_id"] = jobId })).Ok();
                else kept.Add(jobId);
            }
            return kept;
        }).ToList();

        var readers = Enumerable.Range(0, 8).Select(async r =>
        {
            for (var k = 0; k < 15; k++)
            {
                Assert.Equal(steady, await NamedAsync(steadyName));
                var moved = await NamedAsync(movedName);
                Assert.Equal(moved.Order(), moved);
                Assert.Equal(moved.Distinct().Count(), moved.Count);
                var job = (await _api.GetAsync($"{Api}/jobs/get?job_id={steady[(r + k) % steady.Count]}")).Ok();
                Assert.Equal(steadyName, job["settings"]!["name"].Str());
                var run = await _api.GetRunAsync(steadyRun);
                Assert.Equal(steady[0], run["job_id"].Long());
                var runs = (await _api.GetAsync($"{Api}/jobs/runs/list?job_id={steady[0]}")).Ok();
                Assert.Equal([steadyRun], runs["runs"]!.AsArray().Select(x => x!["run_id"].Long()));
                var active = (await _api.GetAsync($"{Api}/jobs/runs/list?active_only=true&limit=25")).Ok();
                Assert.All(active["runs"]?.AsArray() ?? [], x => Assert.NotEqual("TERMINATED", x!.LifeCycle()));
                (await _api.GetAsync($"/api/2.0/permissions/jobs/{steady[k % steady.Count]}")).Ok();
            }
        }).ToList();

        var kept = (await Task.WhenAll(writers)).SelectMany(ids => ids).Order().ToList();
        await Task.WhenAll(readers);

        Assert.Equal(30, kept.Count);
        Assert.Equal(kept, await NamedAsync(movedName));
        Assert.Empty(await NamedAsync(movingName));
        Assert.Equal(steady, await NamedAsync(steadyName));
    }

    [Fact]
    public async Task A_read_never_sees_half_of_a_write()
    {
        // In-process, without HTTP between them, so that reads and writes meet as often as two cores allow. Every
        // write swaps the names of two jobs and makes and deletes a third: between writes there are always ten jobs
        // of each name and none of the third.
        var workspace = emulator.Server.Workspace;
        var admin = new Caller(EmulatorFixture.AdminUser, IsAdmin: true);
        var (ping, pong, churn) = ($"ping-{Guid.NewGuid():N}", $"pong-{Guid.NewGuid():N}", $"churn-{Guid.NewGuid():N}");
        workspace.Locked(() =>
        {
            for (var i = 0; i < 20; i++) workspace.CreateJob(Job(i % 2 == 0 ? ping : pong, Notebook("a")), admin);
        });
        List<long> Named(string name) => workspace.ListJobs(100, 0, null, name, expandTasks: false, paged: true, admin).Jobs?.Select(j => j.JobId).ToList() ?? [];

        var writers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var k = 0; k < 300; k++)
            {
                workspace.Locked(() =>
                {
                    var (from, to) = k % 2 == 0 ? (ping, pong) : (pong, ping);
                    var (a, b) = (Named(from)[0], Named(to)[^1]);
                    workspace.UpdateJob(a, new JsonObject { ["name"] = to }, null, admin);
                    workspace.UpdateJob(b, new JsonObject { ["name"] = from }, null, admin);
                    workspace.DeleteJob(workspace.CreateJob(Job(churn, Notebook("a")), admin), admin);
                });
            }
        })).ToList();
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            for (var k = 0; k < 1000; k++)
            {
                var (pings, pongs, churns) = workspace.Shared(() => (Named(ping), Named(pong), Named(churn)));
                Assert.Equal(10, pings.Count);
                Assert.Equal(10, pongs.Count);
                Assert.Empty(churns);
                Assert.Empty(pings.Intersect(pongs));
            }
        })).ToList();
        await Task.WhenAll(writers.Concat(readers));
    }
}
