using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Starts a run of a job.</summary>
    /// <remarks>
    /// <para>Invoke-DbxJobRun starts a run of each job given (run-now), with any kind of parameter override, and returns the run; with -Wait it returns each run when it has ended, and writes an error for a run that did not succeed (naming the failed tasks and what they said), unless -IgnoreFailure.</para>
    /// <para>Without -Wait the run is returned as the start answers it, as the Databricks CLI's run-now --no-wait and the SDKs' run_now do: its RunId and JobId, with nothing read after the start (its state, name and URL are empty), so that starting many runs costs a request each, not two. That is what Wait-DbxRun, Get-DbxRun, Get-DbxRunOutput, Stop-DbxRun and Repair-DbxRun take from the pipeline; Get-DbxRun reads the whole run. With -IdempotencyToken the run is read (its job tells whether the token started it) and returned whole.</para>
    /// <para>Every start carries an idempotency token (a new one unless -IdempotencyToken), so a request retried after a lost answer starts one run, not two. The same token given again answers the run it started before, so one token is for one start: a command that would start several runs with it is refused (see -IdempotencyToken).</para>
    /// </remarks>
    /// <example title="Run a job and wait for it in a runbook">
    /// <code>
    /// Invoke-DbxJobRun -JobName 'nightly load' -JobParameter @{ date = '2026-11-23' } -Wait -ErrorAction Stop
    /// </code>
    /// <para>Waits with a progress bar; if the run fails, the runbook stops with the failed tasks and their errors. A name that no job has, or that several jobs share, stops it before anything starts.</para>
    /// </example>
    /// <example title="Run several jobs by id and wait for them all">
    /// <code>
    /// 1024, 2048 | Invoke-DbxJobRun -Wait
    /// </code>
    /// <para>Each number piped in is a job id; both runs start, and are returned when they have ended.</para>
    /// </example>
    /// <example title="Start a run for each part, then wait for them all">
    /// <code>
    /// $runs = 'emea', 'apac', 'amer' | ForEach-Object { Invoke-DbxJobRun -JobId 1024 -JobParameter @{ region = $_ } }
    /// $runs | Wait-DbxRun | Get-DbxRunOutput
    /// </code>
    /// <para>Each start is one request (the runs are not read after it); the wait reads them together, and the outputs are read as each run ends.</para>
    /// </example>
    /// <example title="Run only some tasks, with notebook parameters">
    /// <code>
    /// Invoke-DbxJobRun -JobId 1024 -Only ingest -NotebookParameter @{ full_refresh = $true } -Timeout 3600 -Wait
    /// </code>
    /// <para>Runs only the ingest task; waits at most an hour.</para>
    /// </example>
    /// <example title="Start a run at most once, even when the script is run again">
    /// <code>
    /// Invoke-DbxJobRun -JobId 1024 -IdempotencyToken "load-$(Get-Date -Format yyyyMMdd)"
    /// </code>
    /// <para>A second call on the same day answers the run the first one started.</para>
    /// </example>
    /// <example title="A runbook that Azure Automation may restart">
    /// <code>
    /// Invoke-DbxJobRun -JobName 'nightly load' -IdempotencyToken "nightly-load-$($PSPrivateMetadata.JobId.Guid)" -Wait -ErrorAction Stop
    /// </code>
    /// <para>Azure Automation restarts a runbook that runs past three hours from its start, as the same job. With a token made from the job's id, the restarted runbook gets the run it started before and waits for it, instead of starting a second one.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/runnow">Jobs API: POST /api/2.2/jobs/run-now</seealso>
    /// <seealso cref="WaitDbxRunCommand"/>
    /// <seealso cref="GetDbxRunCommand"/>
    /// <seealso cref="StopDbxRunCommand"/>
    /// <seealso cref="SubmitDbxRunCommand"/>
    [Cmdlet(VerbsLifecycle.Invoke, "DbxJobRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(Run))]
    public sealed class InvokeDbxJobRunCommand : RunOverridesCmdlet
    {
        private const string ByIdSet = "ById";
        private const string ByNameSet = "ByName";

        /// <summary>The job to run, also from the pipeline: a job id (1024, 2048 | Invoke-DbxJobRun), or a job or run (its JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long JobId { get; set; }

        /// <summary>The name of the job to run (exact, case-insensitive). A name no job has is an error; so is one several jobs share, unless -All.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByNameSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(JobNameCompleter))]
        public string? JobName { get; set; }

        /// <summary>Queue the run when the job is at its limit of concurrent runs, rather than skip it (-Queue:$false: skip it, whatever the job says).</summary>
        [Parameter]
        public SwitchParameter Queue { get; set; }

        /// <summary>With -JobName: run every job of that name.</summary>
        [Parameter(ParameterSetName = ByNameSet)]
        public SwitchParameter All { get; set; }

        /// <summary>Run only these tasks (their task keys).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TaskKeyCompleter))]
        [TextOnly]
        public string[]? Only { get; set; }

        /// <summary>
        /// The idempotency token (at most 64 characters): the same token answers the run it started before. By default
        /// a new one for each run. One token starts one run: with -All and several jobs of the name, nothing is started; of
        /// piped jobs, the first is started and each other one is an IdempotencyTokenReused error. A token used before
        /// for another job's run is an IdempotencyTokenReused error too, and that run is not written.
        /// </summary>
        [Parameter]
        [ValidateLength(1, 64)]
        public string? IdempotencyToken { get; set; }

        /// <summary>Wait for the runs to end, and return them then. A run waited for is not read at its start (the wait reads it, and says its URL in its first state line on the Verbose stream).</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByNameSet)
            {
                ForItem(JobName!, () =>
                {
                    var ids = JobIdsNamed(JobName!, All);
                    if (ids.Count > 1 && GivenToken(Body(ApiShape.RunNow)) is string token)
                        throw new InputException($"None of the {ids.Count} jobs named '{JobName}' (ids {string.Join(", ", ids)}) was started: the idempotency token '{token}' " +
                            "starts one run, and the workspace would answer every start after the first with that run. Leave the token out (each start then gets one of its own), " +
                            "or start each job by -JobId with a token of its own.", "IdempotencyTokenReused", ErrorCategory.InvalidArgument, token);
                    foreach (var id in ids) Start(id);
                });
            }
            else
            {
                Start(JobId);
            }
        }

        private void Start(long jobId)
        {
            ForItem(jobId, () =>
            {
                // The body is checked before asking, so that -WhatIf says what is wrong with it too.
                var body = Body(ApiShape.RunNow);
                if (!ShouldProcess($"Job {jobId}", "Start a run")) return;
                var request = new RunNowRequest
                {
                    JobId = jobId, Only = Conversions.ToList(Only), IdempotencyToken = IdempotencyToken,
                    Queue = MyInvocation.BoundParameters.ContainsKey(nameof(Queue)) ? new QueueSettings { Enabled = Queue } : null,
                };
                SetOverrides(request);
                var token = GivenToken(body);
                ClaimToken(token, $"job {jobId}");
                var runId = Await(context => Jobs.RunNowAsync(request, body, context));
                // A token given may have started another job's run before, which only a read of the run tells.
                WaitLaterOrWrite(runId, jobId, Wait, read: token is not null, started: $"Started run {runId} of job {jobId}");
            });
        }

        /// <summary>The idempotency token the caller gave: -IdempotencyToken, or the one in -Settings.</summary>
        private string? GivenToken(RequestBody? body) => IdempotencyToken ?? body?.Text("idempotency_token");

        protected override void EndProcessing() => WaitForOutcome();
    }
}
