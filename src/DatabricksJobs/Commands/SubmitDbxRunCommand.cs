using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>Starts a one-time run of tasks that belong to no job.</summary>
    /// <remarks>
    /// <para>Submit-DbxRun starts a one-time run (runs/submit): from -Task hashtables, from a whole request (-Settings, or -Json: a hashtable, an object or JSON text, as the Databricks CLI's --json takes it), or from JSON files (-Path). It is how orchestrators such as Airflow and Prefect run work on Databricks without making jobs. It returns the run; with -Wait, when it has ended. Without -Wait the run is returned as the submit answers it, its RunId alone, with nothing read after the start (as the Databricks CLI's --no-wait and the SDKs' submit do); Get-DbxRun reads the whole run, and Wait-DbxRun waits for it.</para>
    /// <para>Named parameters (-Task, -RunName, -MaxDurationSeconds, -IdempotencyToken) given with -Settings or -Path win over the same fields there. The request is checked against the API's fields before anything is sent, as New-DbxJob checks settings: keys match whatever their case and in PascalCase, a key one letter off a field (taks) is an error that says which field was meant, and any other key the module does not know is sent as it is, with a warning.</para>
    /// <para>Every submit carries an idempotency token (a new one unless -IdempotencyToken or the request holds one), so a request retried after a lost answer starts one run, not two.</para>
    /// </remarks>
    /// <example title="Run a notebook once on a new cluster">
    /// <code>
    /// Submit-DbxRun -RunName 'backfill 2026-11' -Wait -Task @{
    ///     task_key = 'backfill'
    ///     notebook_task = @{ notebook_path = '/Jobs/backfill'; base_parameters = @{ month = '2026-11' } }
    ///     new_cluster = @{ spark_version = '15.4.x-scala2.12'; node_type_id = 'Standard_DS3_v2'; num_workers = 2 }
    /// }
    /// </code>
    /// <para>Starts the run and returns it when it has ended.</para>
    /// </example>
    /// <example title="Submit a run described in a file, and read its output">
    /// <code>
    /// Submit-DbxRun -Path ./runs/check.json -Wait | Get-DbxRunOutput
    /// </code>
    /// <para>The file holds a runs/submit request (run_name, tasks, ...).</para>
    /// </example>
    /// <example title="Submit every request in a folder, under one name">
    /// <code>
    /// Get-ChildItem ./runs/*.json | Submit-DbxRun -RunName 'nightly checks' -Wait
    /// </code>
    /// <para>Each file is read as -Path reads it and starts one run; -RunName replaces the name in each.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/submit">Jobs API: POST /api/2.2/jobs/runs/submit</seealso>
    /// <seealso cref="WaitDbxRunCommand"/>
    /// <seealso cref="GetDbxRunCommand"/>
    /// <seealso cref="InvokeDbxJobRunCommand"/>
    [Cmdlet(VerbsLifecycle.Submit, "DbxRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = TasksSet)]
    [OutputType(typeof(Run))]
    public sealed class SubmitDbxRunCommand : RunOutcomeCmdlet
    {
        private const string TasksSet = "Tasks";
        private const string SettingsSet = "Settings";
        private const string PathSet = "Path";

        /// <summary>The tasks: hashtables with the API's fields (task_key, notebook_task, depends_on, new_cluster, ...); with -Settings or -Path, they replace the tasks there.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TasksSet)]
        [Parameter(ParameterSetName = SettingsSet)]
        [Parameter(ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public object[]? Task { get; set; }

        /// <summary>
        /// The whole runs/submit request (run_name, tasks, timeout_seconds, ...), also from the pipeline: a hashtable or
        /// object with the API's field names (in any case, or PascalCase), or JSON text, as the Databricks CLI's --json
        /// takes it. A file piped in (Get-Item's, Get-ChildItem's) is read as -Path reads it.
        /// </summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SettingsSet, ValueFromPipeline = true)]
        [Alias("Json")]
        [ValidateNotNull]
        public object? Settings { get; set; }

        /// <summary>JSON files, each a runs/submit request, also from the pipeline (FullName, PSPath); wildcards match several (a file whose very name has [ ] is taken as it is).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "PSPath")]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        public string[]? Path { get; set; }

        /// <summary>The run's name (run_name); it replaces the one in -Settings or -Path.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RunName { get; set; }

        /// <summary>The longest the run may take on the workspace, in seconds (timeout_seconds), after which the workspace ends it TIMEDOUT; it replaces the one in -Settings or -Path. Not to be confused with -Timeout, how long this command may take.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? MaxDurationSeconds { get; set; }

        /// <summary>
        /// The idempotency token (at most 64 characters): the same token answers the run it started before. By default
        /// a new one for each run, unless the request holds one. One token starts one run: of several piped settings or
        /// files with the same token, the first is submitted and each other one is an IdempotencyTokenReused error.
        /// </summary>
        [Parameter]
        [ValidateLength(1, 64)]
        public string? IdempotencyToken { get; set; }

        /// <summary>Wait for the runs to end, and return them then. A run waited for is not read at its start (the wait reads it, and says its URL in its first state line on the Verbose stream).</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var (target, request) in JobSettingsInput.Requests(this, Path, Settings, ApiShape.SubmitRun, RunName ?? "one-time run"))
                ForItem(target, () => Submit(Named().Over(request())));
        }

        /// <summary>The fields of the request the named parameters give.</summary>
        private RequestBody Named()
        {
            var request = new RequestBody();
            if (Task is not null) request.SetItems("tasks", Task, "-Task", WriteWarning);
            if (RunName is not null) request.Set("run_name", RunName);
            if (MaxDurationSeconds is int limit) request.Set("timeout_seconds", limit);
            if (IdempotencyToken is not null) request.Set("idempotency_token", IdempotencyToken);
            return request;
        }

        private void Submit(RequestBody request)
        {
            var name = request.Text("run_name") ?? "Untitled";
            if (!ShouldProcess(name, "Submit a one-time run")) return;
            ClaimToken(request.Text("idempotency_token"), $"one-time run '{name}'");
            var runId = Await(context => Jobs.SubmitRunAsync(request, context));
            WaitLaterOrWrite(runId, null, Wait, read: false, started: $"Submitted run {runId} ({name})");
        }

        protected override void EndProcessing() => WaitForOutcome();
    }
}
