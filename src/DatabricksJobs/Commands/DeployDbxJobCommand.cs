using System.Management.Automation;
using DatabricksJobs.Internal.Deployment;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>Makes the jobs of a deployment what their definition files say.</summary>
    /// <remarks>
    /// <para>Deploy-DbxJob deploys job definitions kept in source control (-Path: .json files as Export-DbxJob writes them, and .psd1 files of one hashtable with the same fields, read as data without running anything), as Compare-DbxJob compares them: a job no job of the deployment is yet is created (jobs/create), one that differs gets the definition's settings whole (jobs/reset), and one already as defined gets no request at all. Every job it makes or replaces carries the tag dbx-deployment = &lt;deployment&gt;/&lt;key&gt;, the key being the file's name without the extension: that is how the next deploy finds it, so renaming the job in its file renames the job, and a deploy cut short (each create carries the tag in the one call) is finished by running it again.</para>
    /// <para>-Adopt takes over a job that was made by hand: the one job of the definition's exact name with no dbx-deployment tag. Without it such a job is left alone, a new one is created beside it, and a warning says so. -Prune deletes the deployment's jobs whose file is gone, never a job without its tag or of another deployment; when any definition cannot be read nothing is pruned, and -Prune with no definition at all is an error.</para>
    /// <para>A definition that cannot be used, or a change the workspace refuses, is an error naming its file, and the other jobs are deployed. Each change asks for confirmation when $ConfirmPreference is Medium or lower (ConfirmImpact Medium); -WhatIf shows each change, with the fields an update changes, and sends none. -PassThru writes a JobComparison for each job with its Result (Created, Updated, Unchanged, Deleted, Skipped or Failed) and, for a job created, its new JobId.</para>
    /// </remarks>
    /// <example title="Deploy a folder of definitions from a pipeline">
    /// <code>
    /// Deploy-DbxJob -Path ./jobs -Deployment etl-prod -Variable @{ env = 'prod'; cluster = $env:CLUSTER_ID } -Prune -PassThru
    /// </code>
    /// <para>Creates and updates the jobs of ./jobs, deletes the deployment's jobs whose file was removed, and writes what it did with each.</para>
    /// </example>
    /// <example title="See what a deploy would do">
    /// <code>
    /// Deploy-DbxJob -Path ./jobs/*.psd1 -Deployment etl-dev -WhatIf
    /// </code>
    /// <para>Prints each create, update (with each field's old and new value) and delete, and sends none.</para>
    /// </example>
    /// <example title="Take over jobs made by hand">
    /// <code>
    /// Get-DbxJob -JobId 1024 | Export-DbxJob -Path ./jobs/nightly-etl.json
    /// Deploy-DbxJob -Path ./jobs -Deployment etl-prod -Adopt
    /// </code>
    /// <para>Exports a job made in the UI as a definition, then deploys with -Adopt: job 1024 gets the deployment's tag instead of a copy being made.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/reset">Jobs API: POST /api/2.2/jobs/reset</seealso>
    /// <seealso cref="CompareDbxJobCommand"/>
    /// <seealso cref="ExportDbxJobCommand"/>
    /// <seealso cref="SetDbxJobCommand"/>
    /// <seealso cref="RemoveDbxJobCommand"/>
    [Cmdlet("Deploy", "DbxJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(JobComparison))]
    public sealed class DeployDbxJobCommand : DeploymentCmdlet
    {
        /// <summary>Write a JobComparison for each job, with its Result and (for a job created) its new JobId.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord() => ForItem(Deployment!, () =>
        {
            foreach (var change in Plan())
            {
                var comparison = change.Comparison!;
                var result = comparison.With(DeployResult.Failed);
                ForItem((object?)comparison.File ?? comparison.JobId!, () => result = comparison.Action == DeployAction.Equal || ShouldProcess(Target(comparison), change.Description)
                    ? Await(context => change.ApplyAsync(Jobs, context))
                    : comparison.With(DeployResult.Skipped));
                if (PassThru) WriteObject(result);
            }
        });

        private static string Target(JobComparison comparison) =>
            $"Job '{comparison.Name}' ({comparison.Key}{(comparison.JobId is long id ? $", job {id}" : "")})";
    }
}
