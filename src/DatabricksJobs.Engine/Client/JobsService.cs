using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;

namespace DatabricksJobs.Client
{
    /// <summary>The Jobs API operations the cmdlets use, on Jobs API 2.2.</summary>
    public sealed class JobsService
    {
        private const string Api = "/api/2.2/jobs";
        private const string Permissions = "/api/2.0/permissions/jobs";
        private const string Policies = "/api/2.0/policies/jobs";
        private static readonly DatabricksJsonContext Json = DatabricksJsonContext.Default;
        private readonly DatabricksClient _client;

        public JobsService(DatabricksClient client) => _client = client;

        public Task<ScimUser> GetCurrentUserAsync(CallContext context) =>
            _client.GetAsync("/api/2.0/preview/scim/v2/Me", null, () => Json.ScimUser, context);

        /// <summary>jobs/get, with every page of tasks, job clusters, parameters and environments merged in.</summary>
        public async Task<Job> GetJobAsync(long jobId, CallContext context, bool includeTriggerState = false)
        {
            var job = await _client.GetAsync($"{Api}/get", Query(("job_id", jobId.ToString()), ("include_trigger_state", includeTriggerState ? "true" : null)),
                () => Json.Job, context).ConfigureAwait(false);
            for (var token = job.NextPageToken; !string.IsNullOrEmpty(token);)
            {
                var page = await _client.GetAsync($"{Api}/get", Query(("job_id", jobId.ToString()), ("page_token", token)), () => Json.Job, context).ConfigureAwait(false);
                job.Settings ??= new JobSettings();
                job.Settings.Tasks = Append(job.Settings.Tasks, page.Settings?.Tasks);
                job.Settings.JobClusters = Append(job.Settings.JobClusters, page.Settings?.JobClusters);
                job.Settings.Parameters = Append(job.Settings.Parameters, page.Settings?.Parameters);
                job.Settings.Environments = Append(job.Settings.Environments, page.Settings?.Environments);
                token = page.NextPageToken;
            }
            job.NextPageToken = null;
            return job;
        }

        public Task<Page<ListJobsResponse>> ListJobsPageAsync(string? name, bool expandTasks, string? pageToken, CallContext context) =>
            _client.GetPageAsync($"{Api}/list", Query(("limit", "100"), ("name", name), ("expand_tasks", expandTasks ? "true" : null), ("page_token", pageToken)),
                () => Json.ListJobsResponse, context);

        /// <summary>
        /// jobs/create. Not repeated after a connection failure: a second create would make a second job. When the answer
        /// is lost, the error says so and how to look for the job.
        /// </summary>
        public async Task<long> CreateJobAsync(RequestBody settings, CallContext context)
        {
            try
            {
                return (await _client.PostAsync($"{Api}/create", settings.Json, Json.JsonObject, () => Json.CreateResponse, repeatable: false, context).ConfigureAwait(false)).JobId;
            }
            catch (DatabricksApiException e) when (e.OutcomeUnknown)
            {
                throw e.WithHint($"Before creating it again, look for it: Get-DbxJob -Name {CommandText.ExactName(settings.Text("name") ?? "Untitled")}");
            }
        }

        public Task UpdateJobAsync(long jobId, RequestBody? newSettings, IList<string>? fieldsToRemove, CallContext context) =>
            _client.PostAsync($"{Api}/update", new UpdateJobRequest { JobId = jobId, NewSettings = newSettings?.Json, FieldsToRemove = fieldsToRemove?.ToList() },
                Json.UpdateJobRequest, () => Json.EmptyResponse, repeatable: true, context);

        public Task ResetJobAsync(long jobId, RequestBody newSettings, CallContext context) =>
            _client.PostAsync($"{Api}/reset", new ResetJobRequest { JobId = jobId, NewSettings = newSettings.Json },
                Json.ResetJobRequest, () => Json.EmptyResponse, repeatable: true, context);

        public Task DeleteJobAsync(long jobId, CallContext context) =>
            Delete($"{Api}/delete", new JobIdRequest { JobId = jobId }, Json.JobIdRequest, $"job {jobId}", context);

        /// <summary>
        /// jobs/run-now. It always carries an idempotency token (a new one when the caller gave none), so a request
        /// repeated after a lost answer starts no second run.
        /// </summary>
        public async Task<long> RunNowAsync(RunNowRequest request, RequestBody? body, CallContext context)
        {
            var json = Merged(request, Json.RunNowRequest, body);
            if (json["idempotency_token"] is null) json["idempotency_token"] = Guid.NewGuid().ToString("N");
            try
            {
                return (await _client.PostAsync($"{Api}/run-now", json, Json.JsonObject, () => Json.RunNowResponse, repeatable: true, context).ConfigureAwait(false)).RunId;
            }
            catch (DatabricksApiException e) when (e.AfterLostAnswer)
            {
                throw e.WithHint(LostStart($"Invoke-DbxJobRun -JobId {request.JobId} -IdempotencyToken {CommandText.Quoted(json["idempotency_token"]!.ToString())}"));
            }
        }

        /// <summary>
        /// A request's JSON: the fields its typed properties set (named parameters), filled in with every other field of
        /// <paramref name="body"/> (-Settings), objects key by key (so -NotebookParameter adds to the body's
        /// notebook_params); the API's whole body can be sent, and named parameters still win.
        /// </summary>
        private static JsonObject Merged<T>(T request, JsonTypeInfo<T> type, RequestBody? body)
        {
            var json = (JsonObject)JsonSerializer.SerializeToNode(request, type)!;
            if (body is not null) RequestBody.Fill(json, body.Json);
            return json;
        }

        /// <summary>What a run start whose answers were all lost means, and how to get its run without starting another.</summary>
        private static string LostStart(string retry) =>
            $"A run may have started: {retry} returns that run, or starts one if none did.";

        /// <summary>
        /// jobs/runs/get with every page merged in, as the SDK's get_run does. The pages of a for-each task's run carry more
        /// iterations and repeat its one task (the for-each task), so then only iterations are added; a run's pages carry
        /// more tasks. Every page carries more job clusters, job parameters and repair history.
        /// </summary>
        public async Task<Run> GetRunAsync(long runId, bool includeHistory, CallContext context, bool includeResolvedValues = false)
        {
            var history = includeHistory ? "true" : null;
            var resolved = includeResolvedValues ? "true" : null;
            var run = await _client.GetAsync($"{Api}/runs/get", Query(("run_id", runId.ToString()), ("include_history", history), ("include_resolved_values", resolved)),
                () => Json.Run, context).ConfigureAwait(false);
            var pagingIterations = run.Iterations is { Count: > 0 };
            for (var token = run.NextPageToken; !string.IsNullOrEmpty(token);)
            {
                var page = await _client.GetAsync($"{Api}/runs/get", Query(("run_id", runId.ToString()), ("include_history", history), ("include_resolved_values", resolved),
                    ("page_token", token)), () => Json.Run, context).ConfigureAwait(false);
                if (pagingIterations) run.Iterations = Append(run.Iterations, page.Iterations);
                else run.Tasks = Append(run.Tasks, page.Tasks);
                run.JobClusters = Append(run.JobClusters, page.JobClusters);
                run.JobParameters = Append(run.JobParameters, page.JobParameters);
                run.RepairHistory = Append(run.RepairHistory, page.RepairHistory);
                token = page.NextPageToken;
            }
            run.NextPageToken = null;
            OwnTasks(run);
            return run;
        }

        /// <summary>
        /// Tells each task run of <paramref name="run"/> the run it belongs to, which the API's task runs do not say, however
        /// the run was read. Plain loops: this is done for every run listed, most with no task runs, and allocates nothing.
        /// </summary>
        private static void OwnTasks(Run run)
        {
            if (run.Tasks is { } tasks) foreach (var task in tasks) task.ParentRunId = run.RunId;
            if (run.Iterations is { } iterations) foreach (var iteration in iterations) iteration.ParentRunId = run.RunId;
        }

        /// <summary>
        /// The task runs behind a run id: the newest attempt of each task of a run, or the task run itself. Output and
        /// export are per task run, and the service refuses them for a run of several tasks.
        /// </summary>
        public async Task<IReadOnlyList<RunTask>> GetTaskRunsAsync(long runId, CallContext context)
        {
            var run = await GetRunAsync(runId, false, context).ConfigureAwait(false);
            return run.Tasks is { Count: > 0 } ? run.LatestTasks : new[] { new RunTask { RunId = run.RunId, State = run.State } };
        }

        public async Task<Page<ListRunsResponse>> ListRunsPageAsync(RunQuery query, string? pageToken, CallContext context)
        {
            var page = await _client.GetPageAsync($"{Api}/runs/list", Query(
                ("job_id", query.JobId?.ToString()),
                ("active_only", query.ActiveOnly ? "true" : null),
                ("completed_only", query.CompletedOnly ? "true" : null),
                ("run_type", query.RunType),
                ("start_time_from", query.StartTimeFrom is DateTime from ? Time.ToEpochMs(from).ToString() : null),
                ("start_time_to", query.StartTimeTo is DateTime to ? Time.ToEpochMs(to).ToString() : null),
                ("expand_tasks", query.ExpandTasks ? "true" : null),
                ("limit", RunsPerPage.ToString()),
                ("page_token", pageToken)), () => Json.ListRunsResponse, context).ConfigureAwait(false);
            return page.AfterRead(runs =>
            {
                foreach (var run in runs.Runs ?? new List<Run>()) OwnTasks(run);
                return runs;
            });
        }

        /// <summary>The runs a runs/list page holds at most: the API's largest page.</summary>
        public const int RunsPerPage = 25;

        public Task<RunOutput> GetRunOutputAsync(long taskRunId, CallContext context) =>
            _client.GetAsync($"{Api}/runs/get-output", Query(("run_id", taskRunId.ToString())), () => Json.RunOutput, context);

        /// <summary>
        /// jobs/runs/submit: a one-time run. Like run-now it always carries an idempotency token, so a repeated request
        /// starts no second run.
        /// </summary>
        public async Task<long> SubmitRunAsync(RequestBody request, CallContext context)
        {
            if (request.Json["idempotency_token"] is null) request.Json["idempotency_token"] = Guid.NewGuid().ToString("N");
            try
            {
                return (await _client.PostAsync($"{Api}/runs/submit", request.Json, Json.JsonObject, () => Json.SubmitRunResponse, repeatable: true, context).ConfigureAwait(false)).RunId;
            }
            catch (DatabricksApiException e) when (e.AfterLostAnswer)
            {
                throw e.WithHint(LostStart($"Submit-DbxRun with the same settings and -IdempotencyToken {CommandText.Quoted(request.Text("idempotency_token")!)}"));
            }
        }

        /// <summary>
        /// jobs/runs/repair. A repair has no idempotency token, so it is not sent twice; when its answer is lost, the
        /// run's repair history tells whether it was made, and its id is answered then. When the history cannot be read
        /// either, the outcome stays unknown, and the error says so and how to look.
        /// </summary>
        public async Task<long> RepairRunAsync(RepairRunRequest request, RequestBody? body, CallContext context)
        {
            try
            {
                return (await _client.PostAsync($"{Api}/runs/repair", Merged(request, Json.RepairRunRequest, body), Json.JsonObject, () => Json.RepairRunResponse, repeatable: false, context)
                    .ConfigureAwait(false)).RepairId;
            }
            catch (DatabricksApiException e) when (e.OutcomeUnknown)
            {
                Run run;
                try
                {
                    run = await GetRunAsync(request.RunId, includeHistory: true, context).ConfigureAwait(false);
                }
                catch (DatabricksApiException read)
                {
                    throw e.WithHint($"Reading the run's repair history to tell failed too ({read.Message}), so the repair may have been made. " +
                        $"Before repairing again, look for it: Get-DbxRun -RunId {request.RunId} -IncludeHistory (its RepairHistory).");
                }
                if (run.LatestRepairId is long made && made != request.LatestRepairId)
                {
                    context.Verbose?.Invoke($"The answer to the repair was lost, but run {request.RunId} shows repair {made}: it was made.");
                    return made;
                }
                throw e.WithHint($"Run {request.RunId} shows no new repair, so it was not made.", outcomeUnknown: false);
            }
        }

        /// <summary>jobs/runs/cancel. Canceling twice is harmless, so it is repeatable.</summary>
        public Task CancelRunAsync(long runId, CallContext context) =>
            _client.PostAsync($"{Api}/runs/cancel", new RunIdRequest { RunId = runId }, Json.RunIdRequest, () => Json.EmptyResponse, repeatable: true, context);

        public Task CancelAllRunsAsync(long? jobId, bool allQueuedRuns, CallContext context) =>
            _client.PostAsync($"{Api}/runs/cancel-all", new CancelAllRunsRequest { JobId = jobId, AllQueuedRuns = allQueuedRuns ? true : null },
                Json.CancelAllRunsRequest, () => Json.EmptyResponse, repeatable: true, context);

        public Task DeleteRunAsync(long runId, CallContext context) =>
            Delete($"{Api}/runs/delete", new RunIdRequest { RunId = runId }, Json.RunIdRequest, $"run {runId}", context);

        /// <summary>
        /// A delete, repeated after a lost answer: when the repeat finds nothing to delete, the attempt whose answer was
        /// lost deleted it, and that is success, not "does not exist".
        /// </summary>
        private async Task Delete<TBody>(string path, TBody body, JsonTypeInfo<TBody> bodyType, string what, CallContext context)
        {
            try
            {
                await _client.PostAsync(path, body, bodyType, () => Json.EmptyResponse, repeatable: true, context).ConfigureAwait(false);
            }
            catch (DatabricksApiException e) when (e.AfterLostAnswer && e.StatusCode == HttpStatusCode.NotFound)
            {
                context.Verbose?.Invoke($"The answer to deleting {what} was lost, and now it does not exist: that attempt deleted it.");
            }
        }

        /// <summary>jobs/runs/export of a task run: CODE, DASHBOARDS or ALL.</summary>
        public Task<ExportRunOutput> ExportRunAsync(long taskRunId, string views, CallContext context) =>
            _client.GetAsync($"{Api}/runs/export", Query(("run_id", taskRunId.ToString()), ("views_to_export", views)), () => Json.ExportRunOutput, context);

        public Task<JobPermissions> GetPermissionsAsync(long jobId, CallContext context) =>
            _client.GetAsync($"{Permissions}/{jobId}", null, () => Json.JobPermissions, context);

        /// <summary>Replaces the job's direct grants (PUT).</summary>
        public Task<JobPermissions> SetPermissionsAsync(long jobId, List<JobAccessControlRequest> grants, CallContext context) =>
            _client.PutAsync($"{Permissions}/{jobId}", new JobAccessControlRequestList { AccessControlList = grants }, Json.JobAccessControlRequestList, () => Json.JobPermissions, context);

        /// <summary>Adds grants to the job's direct grants (PATCH).</summary>
        public Task<JobPermissions> AddPermissionsAsync(long jobId, List<JobAccessControlRequest> grants, CallContext context) =>
            _client.PatchAsync($"{Permissions}/{jobId}", new JobAccessControlRequestList { AccessControlList = grants }, Json.JobAccessControlRequestList, () => Json.JobPermissions, context);

        public Task<GetJobPermissionLevelsResponse> GetPermissionLevelsAsync(long jobId, CallContext context) =>
            _client.GetAsync($"{Permissions}/{jobId}/permissionLevels", null, () => Json.GetJobPermissionLevelsResponse, context);

        /// <summary>policies/jobs/get-compliance, as a <see cref="JobCompliance"/> naming the job, like the items of list-compliance.</summary>
        public async Task<JobCompliance> GetComplianceAsync(long jobId, CallContext context)
        {
            var compliance = await _client.GetAsync($"{Policies}/get-compliance", Query(("job_id", jobId.ToString())), () => Json.JobCompliance, context).ConfigureAwait(false);
            compliance.JobId = jobId;
            return compliance;
        }

        public Task<Page<ListJobComplianceForPolicyResponse>> ListCompliancePageAsync(string policyId, string? pageToken, CallContext context) =>
            _client.GetPageAsync($"{Policies}/list-compliance", Query(("policy_id", policyId), ("page_size", "100"), ("page_token", pageToken)),
                () => Json.ListJobComplianceForPolicyResponse, context);

        /// <summary>policies/jobs/enforce-compliance. Repeatable: enforcing twice changes nothing more.</summary>
        public async Task<EnforcePolicyComplianceResponse> EnforceComplianceAsync(long jobId, bool validateOnly, CallContext context)
        {
            var request = new EnforcePolicyComplianceRequest { JobId = jobId, ValidateOnly = validateOnly };
            var response = await _client.PostAsync($"{Policies}/enforce-compliance", request, Json.EnforcePolicyComplianceRequest,
                () => Json.EnforcePolicyComplianceResponse, repeatable: true, context).ConfigureAwait(false);
            response.JobId = jobId;
            return response;
        }

        private static List<T>? Append<T>(List<T>? first, List<T>? more)
        {
            if (more is null || more.Count == 0) return first;
            if (first is null) return more;
            first.AddRange(more);
            return first;
        }

        // A loop, not LINQ: LINQ over tuples and pairs is code .NET compiles at run time on the first request's path.
        private static KeyValuePair<string, string?>[] Query(params (string Key, string? Value)[] pairs)
        {
            var query = new KeyValuePair<string, string?>[pairs.Length];
            for (var i = 0; i < pairs.Length; i++) query[i] = new KeyValuePair<string, string?>(pairs[i].Key, pairs[i].Value);
            return query;
        }
    }

    /// <summary>The filters of runs/list.</summary>
    public sealed class RunQuery
    {
        public long? JobId { get; set; }
        public bool ActiveOnly { get; set; }
        public bool CompletedOnly { get; set; }
        public string? RunType { get; set; }
        public DateTime? StartTimeFrom { get; set; }
        public DateTime? StartTimeTo { get; set; }
        public bool ExpandTasks { get; set; }
    }
}
