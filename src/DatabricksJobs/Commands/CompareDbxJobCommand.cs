using System.Management.Automation;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>Compares job definitions in files with the jobs of a deployment in the workspace.</summary>
    /// <remarks>
    /// <para>Compare-DbxJob tells what Deploy-DbxJob would do, and changes nothing. It reads the definitions (-Path: .json files as Export-DbxJob writes them, and .psd1 files of one hashtable with the same fields, read as data without running anything), fills in their ${var.NAME} variables, and matches each with the job of the deployment that carries the tag dbx-deployment = &lt;deployment&gt;/&lt;key&gt;, the key being the file's name without the extension, in any case. It writes a JobComparison for each: Create (no such job), Update (the job differs, with each differing field in Differences), Equal, Adopt (-Adopt: a job of the definition's name that belongs to no deployment is taken over), and with -Prune, Delete for each job of the deployment whose file is gone.</para>
    /// <para>Fields are compared as the workspace keeps them: a field a definition leaves out is no difference when the job has what the service fills in for it (max_concurrent_runs 1, empty notifications, a task's run_if ALL_SUCCESS, the caller as run_as, a new cluster's cloud attributes, elastic disk and data_security_mode, ...), and tasks, job clusters, parameters, environments, a task's depends_on and libraries match by their key whatever their order. Each difference has a Path such as tasks[main].notebook_task.notebook_path, the workspace's value and the definition's (null when absent).</para>
    /// <para>A definition that cannot be used (invalid JSON or .psd1, a field the module does not know, no name, a variable with no value, two files with the same key, the dbx-deployment tag set by hand, two jobs carrying its tag) is an error naming its file, and the others are compared.</para>
    /// </remarks>
    /// <example title="See what a deploy would change">
    /// <code>
    /// Compare-DbxJob -Path ./jobs -Deployment etl-prod -Variable @{ env = 'prod' }
    /// </code>
    /// <para>Lists each definition under ./jobs with its action (Create, Update, Equal) and the fields that differ.</para>
    /// </example>
    /// <example title="Show each differing field">
    /// <code>
    /// Compare-DbxJob -Path ./jobs/*.json -Deployment etl-prod -Prune | Where-Object Action -ne Equal | Select-Object -ExpandProperty Differences
    /// </code>
    /// <para>Writes each field that differs, with its path, the workspace's value and the definition's; with -Prune the jobs whose file is gone show as Delete.</para>
    /// </example>
    /// <example title="Fail a pull request's check when the workspace has drifted">
    /// <code>
    /// $changes = Compare-DbxJob -Path ./jobs -Deployment etl-prod -ErrorAction Stop | Where-Object Action -ne Equal
    /// if ($changes) { $changes | Format-Table; exit 1 }
    /// </code>
    /// <para>Stops at the first definition that cannot be read, and exits with 1 when any job would change.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/get">Jobs API: GET /api/2.2/jobs/get</seealso>
    /// <seealso cref="DeployDbxJobCommand"/>
    /// <seealso cref="ExportDbxJobCommand"/>
    /// <seealso cref="GetDbxJobCommand"/>
    [Cmdlet(VerbsData.Compare, "DbxJob")]
    [OutputType(typeof(JobComparison))]
    public sealed class CompareDbxJobCommand : DeploymentCmdlet
    {
        protected override void ProcessRecord() => ForItem(Deployment!, () =>
        {
            foreach (var change in Plan()) WriteObject(change.Comparison);
        });
    }
}
