using System.Collections.Generic;
using System.Management.Automation;
using System.Text.Json.Nodes;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Starts a one-time run (runs/submit) of tasks that belong to no job: from -Task hashtables, from a whole request
    /// (-Settings), or from JSON files (-Path). Every submit carries an idempotency token, so a request retried after a
    /// lost answer starts one run, not two. Returns the run; with -Wait, when it has ended.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Submit, "DbxRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = TasksSet)]
    [OutputType(typeof(Run))]
    public sealed class SubmitDbxRunCommand : RunOutcomeCmdlet
    {
        private const string TasksSet = "Tasks";
        private const string SettingsSet = "Settings";
        private const string PathSet = "Path";
        private readonly List<(long RunId, long? JobId)> _submitted = new List<(long RunId, long? JobId)>();

        /// <summary>The tasks: hashtables with the API's fields (task_key, notebook_task, depends_on, new_cluster, ...).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = TasksSet)]
        [ValidateNotNullOrEmpty]
        public object[]? Task { get; set; }

        /// <summary>The whole runs/submit request (run_name, tasks, timeout_seconds, ...) as a hashtable or object.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = SettingsSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public object? Settings { get; set; }

        /// <summary>JSON files, each a runs/submit request.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>The run's name (run_name); it replaces the one in -Settings or -Path.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RunName { get; set; }

        /// <summary>The longest the run may take, in seconds (timeout_seconds); it replaces the one in -Settings or -Path.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? TimeoutSeconds { get; set; }

        /// <summary>
        /// The idempotency token (at most 64 characters): the same token answers the run it started before. By default
        /// a new one for each run, unless the request holds one.
        /// </summary>
        [Parameter]
        [ValidateLength(1, 64)]
        public string? IdempotencyToken { get; set; }

        /// <summary>Wait for the runs to end, and return them then.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case PathSet:
                    foreach (var path in Path!) ForItem(path, () => Submit(JobSettingsInput.Read(this, path)));
                    break;
                case SettingsSet:
                    ForItem(Settings!, () => Submit(JobSettingsInput.FromSettings(Settings!)));
                    break;
                default:
                    ForItem(RunName ?? "one-time run", () => Submit(new JsonObject { ["tasks"] = JobSettingsInput.ToArray(Task!, "-Task") }));
                    break;
            }
        }

        private void Submit(JsonObject request)
        {
            if (RunName is not null) request["run_name"] = RunName;
            if (TimeoutSeconds is int timeout) request["timeout_seconds"] = timeout;
            if (IdempotencyToken is not null) request["idempotency_token"] = IdempotencyToken;
            var name = request["run_name"]?.ToString() ?? "Untitled";
            if (!ShouldProcess(name, "Submit a one-time run")) return;
            var runId = Await(context => Jobs.SubmitRunAsync(request, context));
            WriteVerbose($"Submitted run {runId} ({name}).");
            if (Wait) _submitted.Add((runId, null));
            else WriteObject(Await(context => Jobs.GetRunAsync(runId, false, context)));
        }

        protected override void EndProcessing()
        {
            if (_submitted.Count > 0) WaitForOutcome(_submitted);
        }
    }
}
