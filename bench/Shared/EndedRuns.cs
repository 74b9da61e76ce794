using System.Text.Json.Nodes;
using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Bench;

/// <summary>A clock the benchmark moves by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>
/// Jobs and their runs seeded in-process into an emulator whose clock is <paramref name="clock"/>, the clock moved by hand
/// so that every run has ended: what is measured afterwards is the HTTP path alone.
/// </summary>
internal static class EndedRuns
{
    /// <summary><paramref name="jobs"/> jobs made by <paramref name="job"/> (of their index), each run <paramref name="runsPerJob"/> times.</summary>
    public static (long[] JobIds, List<long> RunIds) Seed(EmulatorServer server, ManualClock clock, int jobs, int runsPerJob, Func<int, JsonObject> job)
    {
        var workspace = server.Workspace;
        var admin = new Caller(EmulatorOptions.DefaultUser, IsAdmin: true);
        // Through Workspace.Locked, which every version of the emulator has (it holds whatever lock the workspace takes).
        var jobIds = workspace.Locked(() => Enumerable.Range(0, jobs).Select(i => workspace.CreateJob(job(i), admin)).ToArray());
        var runIds = new List<long>(jobs * runsPerJob);
        for (var round = 0; round < runsPerJob; round++)
        {
            runIds.AddRange(workspace.Locked(() => jobIds.Select(jobId => workspace.RunNow(new RunNowRequest { JobId = jobId }, admin, server.BaseUrl).RunId).ToList()));
            clock.Advance(TimeSpan.FromMilliseconds(1));
        }
        for (var step = 0; step < 20; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            workspace.Locked(workspace.Tick);
        }
        return (jobIds, runIds);
    }
}
