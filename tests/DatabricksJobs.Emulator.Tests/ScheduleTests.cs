using System.Net;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>A job's schedule is checked as the service checks it: a Quartz cron expression and a Java time zone id.</summary>
public class ScheduleTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly ApiClient _api = emulator.Admin;
    private const string Api = ApiClient.Api;

    private static JsonObject Scheduled(string cron, string timeZone = "UTC")
    {
        var settings = Job("scheduled", Notebook("a"));
        settings["schedule"] = new JsonObject { ["quartz_cron_expression"] = cron, ["timezone_id"] = timeZone, ["pause_status"] = "UNPAUSED" };
        return settings;
    }

    [Theory]
    [InlineData("0 0 2 * * ?")]
    [InlineData("20 30 * * * ?")]
    [InlineData("0 0 * * * ?")]
    [InlineData("0 15 10 ? * *")]
    [InlineData("0 15 10 * * ? 2099")]
    [InlineData("0 0/5 14,18 * * ?")]
    [InlineData("*/10 * * * * ?")]
    [InlineData("0 0-5 14 * * ?")]
    [InlineData("0 10,44 14 ? 3 WED")]
    [InlineData("0 15 10 ? * MON-FRI")]
    [InlineData("0 15 10 ? * mon-fri")]
    [InlineData("0 15 10 15 * ?")]
    [InlineData("0 15 10 L * ?")]
    [InlineData("0 15 10 L-2 * ?")]
    [InlineData("0 15 10 LW * ?")]
    [InlineData("0 15 10 15W * ?")]
    [InlineData("0 15 10 ? * 6L")]
    [InlineData("0 15 10 ? * FRIL 2027-2030")]
    [InlineData("0 15 10 ? * 6#3")]
    [InlineData("0 15 10 ? * FRI#3")]
    [InlineData("0 0 12 1/5 * ?")]
    [InlineData("0 11 11 11 11 ?")]
    [InlineData("0 0 22-2 ? * SAT-MON")]
    [InlineData("0 0 12 ? JAN-MAR,JUL,DEC/1 SUN")]
    [InlineData("  0  0   2 * *\t?  ")]
    [InlineData("0 0 0 ? * * *")]
    public async Task A_valid_quartz_expression_is_accepted_by_create_reset_and_update(string cron)
    {
        var jobId = await _api.CreateJobAsync(Scheduled(cron));
        Assert.Equal(cron, (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!["schedule"]!["quartz_cron_expression"].Str());
        (await _api.PostAsync($"{Api}/jobs/reset", new JsonObject { ["job_id"] = jobId, ["new_settings"] = Scheduled(cron) })).Ok();
        (await _api.PostAsync($"{Api}/jobs/update", new JsonObject { ["job_id"] = jobId, ["new_settings"] = new JsonObject { ["schedule"] = Scheduled(cron)["schedule"]!.DeepClone() } })).Ok();
    }

    [Theory]
    [InlineData("0 30 2,7,11,15 * * *")] // standard cron habits: both day fields given
    [InlineData("0 2 * * *")] // five fields, as Unix cron
    [InlineData("")]
    [InlineData("0 0 2 * * ? 2030 extra")]
    [InlineData("0 0 2 ? * ?")] // both day fields '?'
    [InlineData("0 0 2 1 * 1")] // neither is '?'
    [InlineData("60 0 2 * * ?")]
    [InlineData("0 60 2 * * ?")]
    [InlineData("0 0 24 * * ?")]
    [InlineData("0 0 2 0 * ?")]
    [InlineData("0 0 2 32 * ?")]
    [InlineData("0 0 2 * 13 ?")]
    [InlineData("0 0 2 * 0 ?")]
    [InlineData("0 0 2 ? * 0")] // Quartz counts days of the week 1 (SUN) to 7 (SAT)
    [InlineData("0 0 2 ? * 8")]
    [InlineData("0 0 2 * FOO ?")]
    [InlineData("0 0 2 ? * MON-FOO")]
    [InlineData("0 0 2 * * ? 1969")]
    [InlineData("0 0 2 * * ? 2030-2028")]
    [InlineData("0 0/60 2 * * ?")]
    [InlineData("0 0 */24 * * ?")]
    [InlineData("0 0 2 * */13 ?")]
    [InlineData("0 0 2 */ * ?")]
    [InlineData("0 0 2 */x * ?")]
    [InlineData("0 0 2 ? * 1#6")]
    [InlineData("0 0 2 ? * 1#1,2#2")]
    [InlineData("0 0 2 ? * 1L,3")]
    [InlineData("0 0 2 L,15 * ?")]
    [InlineData("0 0 2 L-31 * ?")]
    [InlineData("0 0 2 32W * ?")]
    [InlineData("0 0 5W * * ?")]
    [InlineData("0 0 2 ? * 2W")]
    [InlineData("0 0 L * * ?")]
    [InlineData("0 0 2 * * ?,1")]
    [InlineData("? 0 2 * * ?")]
    [InlineData("0 0 2 1,,2 * ?")]
    [InlineData("0 0 2- * * ?")]
    [InlineData("0 0 *5 * * ?")]
    [InlineData("0 0 2 ? * 3#2 2030/")]
    public async Task An_invalid_quartz_expression_is_400_INVALID_PARAMETER_VALUE(string cron)
    {
        var response = await _api.PostAsync($"{Api}/jobs/create", Scheduled(cron));
        response.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.StartsWith($"Invalid quartz_cron_expression: {cron}. Databricks uses Quartz cron syntax", response.Json!["message"].Str());

        var jobId = await _api.CreateJobAsync(Scheduled("0 0 2 * * ?"));
        (await _api.PostAsync($"{Api}/jobs/reset", new JsonObject { ["job_id"] = jobId, ["new_settings"] = Scheduled(cron) }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _api.PostAsync($"{Api}/jobs/update", new JsonObject { ["job_id"] = jobId, ["new_settings"] = new JsonObject { ["schedule"] = Scheduled(cron)["schedule"]!.DeepClone() } }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        // A refused update changes nothing.
        Assert.Equal("0 0 2 * * ?", (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!["schedule"]!["quartz_cron_expression"].Str());
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Amsterdam")]
    [InlineData("Europe/Paris")]
    [InlineData("America/Los_Angeles")]
    [InlineData("America/Argentina/Buenos_Aires")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Etc/UTC")]
    [InlineData("GMT")]
    [InlineData("Z")]
    [InlineData("+01:00")]
    [InlineData("UTC+1")]
    [InlineData("GMT-05:30")]
    public async Task A_known_time_zone_is_accepted(string timeZone)
    {
        var jobId = await _api.CreateJobAsync(Scheduled("0 0 2 * * ?", timeZone));
        Assert.Equal(timeZone, (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok()["settings"]!["schedule"]!["timezone_id"].Str());
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Europe/Amsterdam ")]
    [InlineData("")]
    [InlineData("Not a zone")]
    [InlineData("../../etc/passwd")]
    [InlineData("+19:00")]
    [InlineData("UTC+25")]
    [InlineData("W. Europe Standard Time")]
    public async Task An_unknown_time_zone_is_400_INVALID_PARAMETER_VALUE(string timeZone)
    {
        // Without a tz database on the machine, an id of the IANA shape is taken on trust.
        if (timeZone == "Mars/Olympus_Mons" && !TimeZoneInfo.TryFindSystemTimeZoneById("Europe/London", out _)) return;
        var response = await _api.PostAsync($"{Api}/jobs/create", Scheduled("0 0 2 * * ?", timeZone));
        response.AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.StartsWith($"Invalid timezone_id: {timeZone}.", response.Json!["message"].Str());

        var jobId = await _api.CreateJobAsync(Scheduled("0 0 2 * * ?"));
        (await _api.PostAsync($"{Api}/jobs/update", new JsonObject { ["job_id"] = jobId, ["new_settings"] = Scheduled("0 0 2 * * ?", timeZone) }))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Fact]
    public async Task A_schedule_trigger_in_triggers_is_checked_the_same_way()
    {
        var settings = Job("triggered", Notebook("a"));
        settings["triggers"] = new JsonArray(new JsonObject
        {
            ["schedule"] = new JsonObject { ["quartz_cron_expression"] = "0 0 2 * * *", ["timezone_id"] = "UTC" },
        });
        (await _api.PostAsync($"{Api}/jobs/create", settings)).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        settings["triggers"]![0]!["schedule"]!["quartz_cron_expression"] = "0 0 2 * * ?";
        settings["triggers"]![0]!["schedule"]!["timezone_id"] = "Nowhere/Atlantis";
        if (TimeZoneInfo.TryFindSystemTimeZoneById("Europe/London", out _))
            (await _api.PostAsync($"{Api}/jobs/create", settings)).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        settings["triggers"]![0]!["schedule"]!["timezone_id"] = "Europe/London";
        await _api.CreateJobAsync(settings);
    }

    [Fact]
    public async Task Each_trigger_of_triggers_has_its_own_pause_status_which_trigger_details_report()
    {
        var settings = Job("multi-triggered", Notebook("a"));
        settings["triggers"] = new JsonArray(
            new JsonObject { ["schedule"] = new JsonObject { ["quartz_cron_expression"] = "0 0 2 * * ?", ["timezone_id"] = "UTC" } },
            new JsonObject { ["pause_status"] = "PAUSED", ["file_arrival"] = new JsonObject { ["url"] = "s3://bucket/landing/" } });
        settings["triggers"]![1]!["pause_status"] = "paused";
        (await _api.PostAsync($"{Api}/jobs/create", settings)).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        settings["triggers"]![1]!["pause_status"] = "PAUSED";
        var jobId = await _api.CreateJobAsync(settings);

        // Read back, a trigger given no pause status is UNPAUSED; trigger_details come only with include_trigger_state.
        var job = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}")).Ok();
        Assert.Equal(["UNPAUSED", "PAUSED"], job["settings"]!["triggers"]!.AsArray().Select(t => t!["pause_status"].Str()));
        Assert.Null(job["trigger_details"]);
        var details = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}&include_trigger_state=true")).Ok()["trigger_details"]!.AsArray();
        Assert.Equal(["UNPAUSED", "PAUSED"], details.Select(d => d!["state"]!["pause_status"].Str()));
        Assert.NotNull(details[0]!["state"]!["schedule"]);
        Assert.False(details[1]!["state"]!["file_arrival"]!["using_file_events"]!.GetValue<bool>());

        // jobs/update replaces the list whole, and the new list's pause statuses are what is read back.
        var paused = new JsonArray(job["settings"]!["triggers"]!.AsArray().Select(t => (JsonNode?)t!.DeepClone()).ToArray());
        foreach (var trigger in paused) trigger!["pause_status"] = "PAUSED";
        (await _api.PostAsync($"{Api}/jobs/update", new JsonObject { ["job_id"] = jobId, ["new_settings"] = new JsonObject { ["triggers"] = paused } })).Ok();
        details = (await _api.GetAsync($"{Api}/jobs/get?job_id={jobId}&include_trigger_state=true")).Ok()["trigger_details"]!.AsArray();
        Assert.Equal(["PAUSED", "PAUSED"], details.Select(d => d!["state"]!["pause_status"].Str()));
    }

    [Fact]
    public async Task Runs_submit_takes_no_schedule_so_one_given_there_is_ignored()
    {
        var body = Job("one-time", Notebook("a"));
        body["schedule"] = new JsonObject { ["quartz_cron_expression"] = "not cron", ["timezone_id"] = "Nowhere/Atlantis" };
        var runId = (await _api.PostAsync($"{Api}/jobs/runs/submit", body)).Ok()["run_id"].Long();
        Assert.Equal("SUCCESS", (await _api.WaitForRunAsync(runId)).Result());
    }
}
