using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Model;

namespace DatabricksJobs.Emulator.Api;

/// <summary>The Jobs API, the permissions of jobs, job policy compliance and SCIM Me: one handler per endpoint.</summary>
public static class JobsApi
{
    private static readonly EmulatorJsonContext Json = EmulatorJsonContext.Default;

    /// <summary>Jobs endpoints, served under /api/2.0, /api/2.1 and /api/2.2 alike.</summary>
    public static readonly Dictionary<string, Func<ApiRequest, ApiResult>> VersionedRoutes = new(StringComparer.Ordinal)
    {
        ["POST jobs/create"] = r =>
        {
            var settings = r.BodyObject();
            return r.Answer(w => new CreateResponse { JobId = w.CreateJob(settings, r.Caller) }, Json.CreateResponse);
        },
        ["GET jobs/get"] = r =>
        {
            var jobId = r.RequiredQueryLong("job_id");
            var (pageToken, triggerState) = (r.QueryString("page_token"), r.QueryBool("include_trigger_state"));
            return r.Read(w => w.GetJob(jobId, r.Paged, pageToken, triggerState, r.Caller), Json.Job);
        },
        ["GET jobs/list"] = r =>
        {
            var limit = r.QueryInt("limit", 20, 1, 100);
            var offset = r.QueryInt("offset", 0, 0, int.MaxValue);
            var (token, name, expand) = (r.QueryString("page_token"), r.QueryString("name"), r.QueryBool("expand_tasks"));
            return r.Read(w => w.ListJobs(limit, offset, token, name, expand, r.Paged, r.Caller), Json.ListJobsResponse);
        },
        ["POST jobs/update"] = r =>
        {
            var request = r.Body(Json.UpdateJobRequest);
            var jobId = request.JobId ?? throw ApiException.MissingField("job_id");
            return r.AnswerEmpty(w => w.UpdateJob(jobId, request.NewSettings, request.FieldsToRemove, r.Caller));
        },
        ["POST jobs/reset"] = r =>
        {
            var request = r.Body(Json.ResetJobRequest);
            var jobId = request.JobId ?? throw ApiException.MissingField("job_id");
            var settings = request.NewSettings ?? throw ApiException.MissingField("new_settings");
            return r.AnswerEmpty(w => w.ResetJob(jobId, settings, r.Caller));
        },
        ["POST jobs/delete"] = r =>
        {
            var jobId = r.Body(Json.JobIdRequest).JobId ?? throw ApiException.MissingField("job_id");
            return r.AnswerEmpty(w => w.DeleteJob(jobId, r.Caller));
        },
        ["POST jobs/run-now"] = r =>
        {
            var request = r.Body(Json.RunNowRequest);
            return r.Answer(w => w.RunNow(request, r.Caller, r.BaseUrl), Json.RunNowResponse);
        },
        ["POST jobs/runs/submit"] = r =>
        {
            var body = r.BodyObject();
            return r.Answer(w => w.Submit(body, r.Caller, r.BaseUrl), Json.SubmitRunResponse);
        },
        ["GET jobs/runs/get"] = r =>
        {
            var runId = r.RequiredQueryLong("run_id");
            var (history, resolved, token) = (r.QueryBool("include_history"), r.QueryBool("include_resolved_values"), r.QueryString("page_token"));
            return r.Read(w => w.GetRun(runId, history, resolved, r.Paged, token, r.Caller), Json.Run);
        },
        ["GET jobs/runs/list"] = r =>
        {
            var limit = r.QueryInt("limit", 20, 0, 25);
            var runType = r.QueryString("run_type");
            if (runType is not (null or "JOB_RUN" or "SUBMIT_RUN" or "WORKFLOW_RUN"))
                throw ApiException.InvalidParameter($"Invalid run_type '{runType}': expected JOB_RUN, SUBMIT_RUN or WORKFLOW_RUN.");
            var query = new RunListQuery(
                JobId: r.QueryLong("job_id"),
                ActiveOnly: r.QueryBool("active_only"),
                CompletedOnly: r.QueryBool("completed_only"),
                RunType: runType,
                StartTimeFrom: r.QueryLong("start_time_from"),
                StartTimeTo: r.QueryLong("start_time_to"),
                ExpandTasks: r.QueryBool("expand_tasks"),
                Limit: limit == 0 ? 25 : limit,
                Offset: r.QueryInt("offset", 0, 0, int.MaxValue),
                Token: PageToken.Decode(r.QueryString("page_token"), PageToken.After, PageToken.Before),
                Paged: r.Paged);
            return r.Read(w => w.ListRuns(query, r.Caller), Json.ListRunsResponse);
        },
        ["GET jobs/runs/get-output"] = r =>
        {
            var runId = r.RequiredQueryLong("run_id");
            return r.Read(w => w.GetOutput(runId, r.Caller), Json.RunOutput);
        },
        ["GET jobs/runs/export"] = r =>
        {
            var runId = r.RequiredQueryLong("run_id");
            var views = r.QueryString("views_to_export") ?? "CODE";
            return r.Read(w => w.Export(runId, views, r.Caller), Json.ExportRunOutput);
        },
        ["POST jobs/runs/cancel"] = r =>
        {
            var runId = r.Body(Json.RunIdRequest).RunId ?? throw ApiException.MissingField("run_id");
            return r.AnswerEmpty(w => w.Cancel(runId, r.Caller));
        },
        ["POST jobs/runs/cancel-all"] = r =>
        {
            var request = r.Body(Json.CancelAllRunsRequest);
            return r.AnswerEmpty(w => w.CancelAll(request.JobId, request.AllQueuedRuns == true, r.Caller));
        },
        ["POST jobs/runs/delete"] = r =>
        {
            var runId = r.Body(Json.RunIdRequest).RunId ?? throw ApiException.MissingField("run_id");
            return r.AnswerEmpty(w => w.DeleteRun(runId, r.Caller));
        },
        ["POST jobs/runs/repair"] = r =>
        {
            var request = r.Body(Json.RepairRunRequest);
            return r.Answer(w => w.Repair(request, r.Caller), Json.RepairRunResponse);
        },
    };

    /// <summary>Endpoints served under /api/2.0 only.</summary>
    public static readonly Dictionary<string, Func<ApiRequest, ApiResult>> Version20Routes = new(StringComparer.Ordinal)
    {
        ["GET policies/jobs/get-compliance"] = r =>
        {
            var jobId = r.RequiredQueryLong("job_id");
            return r.Read(w => w.GetCompliance(jobId, r.Caller), Json.GetPolicyComplianceResponse);
        },
        ["GET policies/jobs/list-compliance"] = r =>
        {
            var policyId = r.QueryString("policy_id") ?? throw ApiException.MissingField("policy_id");
            var pageSize = r.QueryInt("page_size", 100, 1, 1000);
            var token = r.QueryString("page_token");
            return r.Read(w => w.ListCompliance(policyId, pageSize, token, r.Caller), Json.ListJobComplianceForPolicyResponse);
        },
        ["POST policies/jobs/enforce-compliance"] = r =>
        {
            var request = r.Body(Json.EnforceComplianceRequest);
            var jobId = request.JobId ?? throw ApiException.MissingField("job_id");
            return r.Answer(w => w.EnforceCompliance(jobId, request.ValidateOnly == true, r.Caller), Json.EnforcePolicyComplianceResponse);
        },
        ["GET preview/scim/v2/Me"] = r => ApiResult.Json(200, new ScimUser
        {
            Id = ScimId(r.Caller.UserName),
            UserName = r.Caller.UserName,
            DisplayName = r.Caller.UserName.Split('@')[0],
        }, Json.ScimUser),
    };

    /// <summary>/api/2.0/permissions/jobs/{job_id}[/permissionLevels].</summary>
    public static ApiResult Permissions(ApiRequest r, string method, long jobId, bool levels) => (method, levels) switch
    {
        ("GET", true) => r.Read(w => w.GetPermissionLevels(jobId, r.Caller), Json.GetJobPermissionLevelsResponse),
        ("GET", false) => r.Read(w => w.GetPermissions(jobId, r.Caller), Json.JobPermissions),
        ("PUT" or "PATCH", false) => SetPermissions(r, jobId, replace: method == "PUT"),
        _ => throw Dispatcher.NoSuchEndpoint(method, r.Http.Request.Path),
    };

    private static ApiResult SetPermissions(ApiRequest r, long jobId, bool replace)
    {
        var acl = r.BodyObject()["access_control_list"];
        return r.Answer(w => w.SetPermissions(jobId, acl, replace, r.Caller), Json.JobPermissions);
    }

    /// <summary>A stable numeric id for a user name, as SCIM ids are numeric strings.</summary>
    private static string ScimId(string userName)
    {
        ulong hash = 14695981039346656037;
        foreach (var c in userName.ToLowerInvariant()) hash = (hash ^ c) * 1099511628211;
        return (hash % 9_000_000_000_000_000UL + 1_000_000_000_000_000UL).ToString();
    }
}
