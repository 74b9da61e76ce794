using System.Net;
using static DatabricksJobs.Emulator.Tests.Json;

namespace DatabricksJobs.Emulator.Tests;

/// <summary>Every kind of bad input gets the service's error code, never a 500.</summary>
public class ErrorTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly ApiClient _api = emulator.Admin;
    private const string Api = ApiClient.Api;

    [Theory]
    [InlineData("jobs/create", "{not json")]
    [InlineData("jobs/create", "[1,2]")]
    [InlineData("jobs/run-now", "{\"job_id\": ")]
    [InlineData("jobs/runs/repair", "\"text\"")]
    public async Task Malformed_json_is_400_MALFORMED_REQUEST(string route, string body)
    {
        (await _api.SendAsync(HttpMethod.Post, $"{Api}/{route}", body)).AssertError(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
    }

    [Theory]
    [InlineData("jobs/create", """{"name": 5}""")]
    [InlineData("jobs/create", """{"max_concurrent_runs": "many"}""")]
    [InlineData("jobs/create", """{"tasks": {"task_key": "a"}}""")]
    [InlineData("jobs/create", """{"tags": {"a": 1}}""")]
    [InlineData("jobs/create", """{"tasks": [{"task_key": "a", "notebook_task": {"notebook_path": "/a", "base_parameters": {"x": 1}}}]}""")]
    [InlineData("jobs/run-now", """{"job_id": "abc"}""")]
    [InlineData("jobs/run-now", """{"job_id": 1, "notebook_params": ["a"]}""")]
    [InlineData("jobs/runs/cancel", """{"run_id": true}""")]
    [InlineData("jobs/update", """{"job_id": 1, "fields_to_remove": "name"}""")]
    public async Task Wrong_types_are_400_MALFORMED_REQUEST(string route, string body)
    {
        (await _api.SendAsync(HttpMethod.Post, $"{Api}/{route}", body)).AssertError(HttpStatusCode.BadRequest, "MALFORMED_REQUEST");
    }

    [Fact]
    public async Task Numbers_given_as_strings_are_accepted_as_proto3_json_allows()
    {
        var jobId = await _api.CreateJobAsync(Job("strings", Notebook("a")));
        var response = await _api.SendAsync(HttpMethod.Post, $"{Api}/jobs/run-now", $$"""{"job_id": "{{jobId}}"}""");
        Assert.True(response.Ok()["run_id"].Long() > 0);
    }

    [Theory]
    [InlineData("GET", "jobs/get?job_id=424242424242")]
    [InlineData("GET", "jobs/runs/get?run_id=424242424242")]
    [InlineData("GET", "jobs/runs/get-output?run_id=424242424242")]
    [InlineData("GET", "jobs/runs/export?run_id=424242424242")]
    [InlineData("GET", "jobs/runs/list?job_id=424242424242")]
    [InlineData("POST", "jobs/run-now", """{"job_id": 424242424242}""")]
    [InlineData("POST", "jobs/update", """{"job_id": 424242424242, "new_settings": {}}""")]
    [InlineData("POST", "jobs/reset", """{"job_id": 424242424242, "new_settings": {}}""")]
    [InlineData("POST", "jobs/delete", """{"job_id": 424242424242}""")]
    [InlineData("POST", "jobs/runs/cancel", """{"run_id": 424242424242}""")]
    [InlineData("POST", "jobs/runs/cancel-all", """{"job_id": 424242424242}""")]
    [InlineData("POST", "jobs/runs/delete", """{"run_id": 424242424242}""")]
    public async Task Unknown_jobs_and_runs_are_404_RESOURCE_DOES_NOT_EXIST(string method, string route, string? body = null)
    {
        var response = await _api.SendAsync(new HttpMethod(method), $"{Api}/{route}", body);
        response.AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        Assert.Contains("424242424242", response.Json!["message"].Str());
    }

    [Theory]
    [InlineData("GET", "jobs/get")]
    [InlineData("GET", "jobs/runs/get")]
    [InlineData("POST", "jobs/run-now", "{}")]
    [InlineData("POST", "jobs/runs/cancel", "{}")]
    [InlineData("POST", "jobs/reset", """{"job_id": 1}""")]
    [InlineData("GET", "jobs/get?job_id=12x")]
    public async Task Missing_or_unreadable_ids_are_400_INVALID_PARAMETER_VALUE(string method, string route, string? body = null)
    {
        (await _api.SendAsync(new HttpMethod(method), $"{Api}/{route}", body)).AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }

    [Theory]
    [InlineData("GET", "/api/2.2/jobs/nope")]
    [InlineData("GET", "/api/2.2/jobs/create")]
    [InlineData("POST", "/api/2.2/jobs/get")]
    [InlineData("GET", "/api/3.0/jobs/list")]
    [InlineData("GET", "/api/2.2/clusters/list")]
    [InlineData("GET", "/")]
    public async Task Unknown_routes_and_wrong_methods_are_404_ENDPOINT_NOT_FOUND(string method, string path)
    {
        (await _api.SendAsync(new HttpMethod(method), path, method == "POST" ? "{}" : null)).AssertError(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task A_missing_or_unknown_token_is_401_UNAUTHENTICATED()
    {
        using var anonymous = new ApiClient(emulator.Server.BaseUrl, token: null);
        using var stranger = new ApiClient(emulator.Server.BaseUrl, token: "dapi-not-a-real-token");
        (await anonymous.GetAsync($"{Api}/jobs/list")).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        var wrong = await stranger.GetAsync($"{Api}/jobs/list");
        wrong.AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
        Assert.DoesNotContain("dapi-not-a-real-token", wrong.Text);
        (await anonymous.GetAsync("/emulator/stats")).AssertError(HttpStatusCode.Unauthorized, "UNAUTHENTICATED");
    }

    [Fact]
    public async Task A_user_without_a_grant_is_403_PERMISSION_DENIED_and_does_not_see_the_job()
    {
        var name = $"private-{Guid.NewGuid():N}";
        var jobId = await _api.CreateJobAsync(Job(name, Notebook("a")));
        var user = emulator.User;
        (await user.GetAsync($"{Api}/jobs/get?job_id={jobId}")).AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        (await user.PostAsync($"{Api}/jobs/run-now", new JsonObject { ["job_id"] = jobId })).AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
        Assert.Null((await user.GetAsync($"{Api}/jobs/list?name={name}")).Ok()["jobs"]);
    }

    [Fact]
    public async Task Scim_me_answers_the_tokens_user()
    {
        var me = (await emulator.User.GetAsync("/api/2.0/preview/scim/v2/Me")).Ok();
        Assert.Equal(EmulatorFixture.PlainUser, me["userName"].Str());
        Assert.False(string.IsNullOrEmpty(me["id"].Str()));
        Assert.Equal(me["id"].Str(), (await emulator.User.GetAsync("/api/2.0/preview/scim/v2/Me")).Ok()["id"].Str());
    }
}

public class PermissionsTests(EmulatorFixture emulator) : IClassFixture<EmulatorFixture>
{
    private readonly ApiClient _admin = emulator.Admin;
    private readonly ApiClient _user = emulator.User;

    private static string Path(long jobId) => $"/api/2.0/permissions/jobs/{jobId}";

    private static JsonObject Acl(params (string Kind, string Name, string Level)[] grants) => new()
    {
        ["access_control_list"] = new JsonArray(grants.Select(g => (JsonNode)new JsonObject { [g.Kind] = g.Name, ["permission_level"] = g.Level }).ToArray()),
    };

    [Fact]
    public async Task A_new_job_is_owned_by_its_creator_and_managed_by_admins()
    {
        var jobId = await _admin.CreateJobAsync(Job("owned", Notebook("a")));
        var permissions = (await _admin.GetAsync(Path(jobId))).Ok();
        Assert.Equal($"/jobs/{jobId}", permissions["object_id"].Str());
        Assert.Equal("job", permissions["object_type"].Str());
        var acl = permissions["access_control_list"]!.AsArray();
        var owner = acl.Single(a => a!["user_name"]?.GetValue<string>() == EmulatorFixture.AdminUser)!;
        Assert.Equal("IS_OWNER", owner["all_permissions"]![0]!["permission_level"].Str());
        var admins = acl.Single(a => a!["group_name"]?.GetValue<string>() == "admins")!;
        Assert.True(admins["all_permissions"]![0]!["inherited"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Patch_grants_a_level_that_lets_the_user_act_and_put_replaces_the_grants()
    {
        var jobId = await _admin.CreateJobAsync(Job("shared", Notebook("a")));
        (await _user.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        (await _admin.SendAsync(HttpMethod.Patch, Path(jobId), Acl(("user_name", EmulatorFixture.PlainUser, "CAN_VIEW")).ToJsonString())).Ok();
        Assert.Equal(jobId, (await _user.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).Ok()["job_id"].Long());
        (await _user.PostAsync("/api/2.2/jobs/run-now", new JsonObject { ["job_id"] = jobId })).AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        (await _admin.SendAsync(HttpMethod.Patch, Path(jobId), Acl(("user_name", EmulatorFixture.PlainUser, "CAN_MANAGE_RUN")).ToJsonString())).Ok();
        var runId = await _user.RunNowAsync(jobId);
        Assert.Equal("SUCCESS", (await _user.WaitForRunAsync(runId)).Result());
        (await _user.PostAsync("/api/2.2/jobs/delete", new JsonObject { ["job_id"] = jobId })).AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");

        var replaced = (await _admin.SendAsync(HttpMethod.Put, Path(jobId), Acl(("group_name", "data-eng", "CAN_MANAGE")).ToJsonString())).Ok();
        var principals = replaced["access_control_list"]!.AsArray().Select(a => a!["user_name"]?.GetValue<string>() ?? a["group_name"].Str()).ToList();
        Assert.Contains("data-eng", principals);
        Assert.Contains(EmulatorFixture.AdminUser, principals);
        Assert.DoesNotContain(EmulatorFixture.PlainUser, principals);
        (await _user.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).AssertError(HttpStatusCode.Forbidden, "PERMISSION_DENIED");
    }

    [Fact]
    public async Task Permission_levels_are_listed_and_bad_grants_are_refused()
    {
        var jobId = await _admin.CreateJobAsync(Job("levels", Notebook("a")));
        var levels = (await _admin.GetAsync($"{Path(jobId)}/permissionLevels")).Ok()["permission_levels"]!.AsArray();
        Assert.Equal(["CAN_VIEW", "CAN_MANAGE_RUN", "CAN_MANAGE", "IS_OWNER"], levels.Select(l => l!["permission_level"].Str()));

        (await _admin.SendAsync(HttpMethod.Patch, Path(jobId), Acl(("user_name", "x@example.com", "CAN_DANCE")).ToJsonString()))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _admin.SendAsync(HttpMethod.Put, Path(jobId), Acl(("group_name", "g", "IS_OWNER")).ToJsonString()))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _admin.SendAsync(HttpMethod.Put, Path(jobId), Acl(("user_name", "a@example.com", "IS_OWNER"), ("user_name", "b@example.com", "IS_OWNER")).ToJsonString()))
            .AssertError(HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        (await _admin.GetAsync(Path(424242424242))).AssertError(HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        (await _admin.SendAsync(HttpMethod.Delete, Path(jobId), null)).AssertError(HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task Create_takes_an_access_control_list()
    {
        var settings = Job("acl-at-create", Notebook("a"));
        settings["access_control_list"] = Acl(("user_name", EmulatorFixture.PlainUser, "CAN_VIEW"))["access_control_list"]!.DeepClone();
        var jobId = await _admin.CreateJobAsync(settings);
        Assert.Equal(jobId, (await _user.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).Ok()["job_id"].Long());
        Assert.Null((await _admin.GetAsync($"/api/2.2/jobs/get?job_id={jobId}")).Ok()["settings"]!["access_control_list"]);
    }
}
