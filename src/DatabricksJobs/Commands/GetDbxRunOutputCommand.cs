using System.Collections.Generic;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>Gets what task runs returned: the notebook result, or the error and its trace.</summary>
    /// <remarks>
    /// <para>Get-DbxRunOutput reads the output of task runs (runs/get-output): the value a notebook returned with dbutils.notebook.exit, or the error and its stack trace. Given a run, it reads the output of each of its tasks (the newest attempt of each); given a task run (such as an item of a run's Tasks), that task run's.</para>
    /// <para>A run piped in whole (from Get-DbxRun, or a -Wait) carries its task runs, so only their outputs are read (runs/get-output, a request per task); so does a task run piped in. Run ids are read first (runs/get), to find their task runs. A run is taken as it was read: to see a repair made since, give its id, or read it again.</para>
    /// </remarks>
    /// <example title="See why a run failed">
    /// <code>
    /// Get-DbxRun -RunId 4711 | Get-DbxRunOutput | Where-Object Error | ForEach-Object { $_.TaskKey; $_.ErrorTrace }
    /// </code>
    /// <para>Shows the key and the stack trace of each failed task.</para>
    /// </example>
    /// <example title="Read what one task returned">
    /// <code>
    /// (Get-DbxRun -RunId 4711).Tasks | Where-Object TaskKey -eq report | Get-DbxRunOutput | ForEach-Object Result
    /// </code>
    /// <para>Returns the notebook's exit value.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/getrunoutput">Jobs API: GET /api/2.2/jobs/runs/get-output</seealso>
    /// <seealso cref="GetDbxRunCommand"/>
    /// <seealso cref="RepairDbxRunCommand"/>
    /// <seealso cref="ExportDbxRunCommand"/>
    // PowerShell binds a piped object in the default set first: there -RunId (by property name) would take a task run
    // before -TaskRun could, so the default set is -Run's, which takes nothing but runs.
    [Cmdlet(VerbsCommon.Get, "DbxRunOutput", DefaultParameterSetName = RunSet)]
    [OutputType(typeof(RunOutput))]
    public sealed class GetDbxRunOutputCommand : DbxCmdlet
    {
        private const string ByIdSet = "ById";
        private const string RunSet = "Run";
        private const string TaskRunSet = "TaskRun";

        /// <summary>Runs or task runs, also from the pipeline: run ids, or objects with a RunId (such as runs read back from a file). Each is read first (runs/get), to find its task runs.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        [ValidateId]
        public long[]? RunId { get; set; }

        /// <summary>Runs, also from the pipeline (Get-DbxRun's, or a -Wait's): the task runs a run carries are used as they are, without reading the run again; a run without them (listed by Get-DbxRun without -ExpandTasks, say) is read.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RunSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public Run[]? Run { get; set; }

        /// <summary>Task runs, also from the pipeline (the items of a run's Tasks or Iterations): each one's output, without reading its run again; a task run that does not say its run and task key is read.</summary>
        [Parameter(Mandatory = true, ParameterSetName = TaskRunSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public RunTask[]? TaskRun { get; set; }

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case RunSet:
                    foreach (var run in Run!) ForItem(run.RunId, () => WriteOutputs(TaskRunsOf(run)));
                    break;
                case TaskRunSet:
                    foreach (var task in TaskRun!)
                        ForItem(task.RunId, () => WriteOutputs(task.ParentRunId is not null && task.TaskKey is not null ? new[] { task } : Await(context => Jobs.GetTaskRunsAsync(task.RunId, context))));
                    break;
                default:
                    foreach (var id in RunId!) ForItem(id, () => WriteOutputs(Await(context => Jobs.GetTaskRunsAsync(id, context))));
                    break;
            }
        }

        /// <summary>
        /// The newest attempt of each task of a run given whole: the task runs it carries, when it carries all of them
        /// (a run listed with its tasks may hold only the first page of them), else as runs/get answers.
        /// </summary>
        private IReadOnlyList<RunTask> TaskRunsOf(Run run) =>
            run.Tasks is { Count: > 0 } && run.HasMore != true ? run.LatestTasks : Await(context => Jobs.GetTaskRunsAsync(run.RunId, context));

        private void WriteOutputs(IReadOnlyList<RunTask> tasks)
        {
            foreach (var task in tasks)
            {
                ForItem(task.RunId, () =>
                {
                    var output = Await(context => Jobs.GetRunOutputAsync(task.RunId, context));
                    output.ParentRunId = task.ParentRunId;
                    output.TaskKey = task.TaskKey;
                    WriteObject(output);
                });
            }
        }
    }
}
