using System.Management.Automation;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Gets what task runs produced: the notebook's result (dbutils.notebook.exit), or the error and its trace. Given a
    /// run, gets the output of each of its tasks (the newest attempt of each); given a task run, that task run's.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DbxRunOutput")]
    [OutputType(typeof(RunOutput))]
    public sealed class GetDbxRunOutputCommand : DbxCmdlet
    {
        /// <summary>Runs or task runs, also from the pipeline (runs, or the Tasks of a run).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
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
