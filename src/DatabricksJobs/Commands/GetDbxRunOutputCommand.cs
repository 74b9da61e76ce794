using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>Gets what task runs returned: the notebook result, or the error and its trace.</summary>
    /// <remarks>
    /// <para>Get-DbxRunOutput reads the output of task runs (runs/get-output): the value a notebook returned with dbutils.notebook.exit, or the error and its stack trace. Given a run, it reads the output of each of its tasks (the newest attempt of each); given a task run (such as an item of a run's Tasks), that task run's.</para>
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
    [Cmdlet(VerbsCommon.Get, "DbxRunOutput")]
    [OutputType(typeof(RunOutput))]
    public sealed class GetDbxRunOutputCommand : DbxCmdlet
    {
        /// <summary>Runs or task runs, also from the pipeline: run ids, or runs and the Tasks of a run (their RunId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        [ValidateId]
        public long[]? RunId { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in RunId!)
            {
                ForItem(id, () =>
                {
                    foreach (var task in Await(context => Jobs.GetTaskRunsAsync(id, context)))
                    {
                        ForItem(task.RunId, () =>
                        {
                            var output = Await(context => Jobs.GetRunOutputAsync(task.RunId, context));
                            output.ParentRunId = task.ParentRunId;
                            output.TaskKey = task.TaskKey;
                            WriteObject(output);
                        });
                    }
                });
            }
        }
    }
}
