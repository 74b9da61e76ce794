using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Gets jobs by id, or lists them.</summary>
    /// <remarks>
    /// <para>Get-DbxJob gets jobs by id (also from the pipeline), with every task, job cluster and parameter even when the API pages them. Without -JobId it lists the jobs of the workspace, every page, writing each job as it arrives.</para>
    /// <para>Only leaving -JobId out lists every job: -JobId $null, an empty list or 0 (given by name, by position or from the pipeline, such as a variable that was never set or a lookup that found nothing) is a parameter binding error, so that Get-DbxJob -JobId $id | Remove-DbxJob never reaches every job.</para>
    /// <para>-Name takes one name or several, as Get-Process -Name does: an exact name (case-insensitive) is filtered by the workspace, and one that matches no job is an ObjectNotFound error of its own, as Get-Item's is, while the other names are still listed; a name with wildcards is matched here, and may match nothing. A job that several names match is written once. A number given without a parameter name, or piped in alone, is a job id. Listed jobs carry their tasks (up to 100 each, as the API lists them; the rest are fetched).</para>
    /// </remarks>
    /// <example title="Find a job by name and run it">
    /// <code>
    /// Get-DbxJob -Name 'nightly load' | Invoke-DbxJobRun -Wait
    /// </code>
    /// <para>Runs every job with that name and waits for the runs; a name that matches no job is an error. To refuse a name that several jobs share, use Invoke-DbxJobRun -JobName.</para>
    /// </example>
    /// <example title="List jobs with wildcards and show their tasks">
    /// <code>
    /// Get-DbxJob 'etl-*' | ForEach-Object { $_.Name; $_.Settings.Tasks.TaskKey }
    /// </code>
    /// <para>Lists the jobs whose names start with etl-, with their tasks.</para>
    /// </example>
    /// <example title="Get jobs by id">
    /// <code>
    /// Get-DbxJob 1024, 2048
    /// 1024, 2048 | Get-DbxJob
    /// </code>
    /// <para>Each returns both jobs; an id that does not exist writes an error and the other is still returned.</para>
    /// </example>
    /// <example title="Get jobs of several names">
    /// <code>
    /// Get-DbxJob -Name 'nightly load', 'etl-*', 'weekly report'
    /// </code>
    /// <para>Lists the jobs named nightly load or weekly report and those whose names start with etl-, each once; if no job is named weekly report, that is an error and the others are still listed.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/get">Jobs API: GET /api/2.2/jobs/get</seealso>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/list">Jobs API: GET /api/2.2/jobs/list</seealso>
    /// <seealso cref="GetDbxRunCommand"/>
    /// <seealso cref="InvokeDbxJobRunCommand"/>
    /// <seealso cref="UpdateDbxJobCommand"/>
    /// <seealso cref="ExportDbxJobCommand"/>
    /// <seealso cref="RemoveDbxJobCommand"/>
    [Cmdlet(VerbsCommon.Get, "DbxJob", DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(Job))]
    public sealed class GetDbxJobCommand : DbxCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        /// <summary>The ids of the jobs to get, also from the pipeline (ids, or objects with a JobId property, such as jobs and runs). Without ids and -Name, every job is listed; $null, an empty list or 0 is an error.</summary>
        // The default set, and not mandatory: PowerShell binds a bare first argument to the default set's parameter when it
        // converts (Get-DbxJob 527674 is an id) and to -Name otherwise (Get-DbxJob nightly); with neither, it lists.
        [Parameter(Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long[]? JobId { get; set; }

        /// <summary>List only jobs with these names, each exact and case-insensitive, or with wildcards (* ? [ ]). A job that several match is written once; an exact name no job has is an error of its own, and the other names are still listed.</summary>
        [Parameter(Position = 0, ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(JobNamePatternCompleter))]
        public string[]? Name { get; set; }

        /// <summary>With each job's trigger state (TriggerState: whether its trigger is paused, and how it watches; TriggerDetails: the same of each trigger of its triggers list).</summary>
        [Parameter(ParameterSetName = ByIdSet)]
        public SwitchParameter IncludeTriggerState { get; set; }

        protected override void ProcessRecord()
        {
            if (JobId is not null)
            {
                foreach (var id in JobId!) ForItem(id, () => WriteObject(Await(context => Jobs.GetJobAsync(id, context, IncludeTriggerState))));
                return;
            }

            if (Name is null)
            {
                ForItem("", () =>
                {
                    foreach (var job in ListJobs(null, expandTasks: true)) WriteObject(Whole(job));
                });
                return;
            }
            WriteNamed(Name);
        }

        /// <summary>
        /// The jobs of any of <paramref name="names"/>, each once. Exact names are filtered by the workspace, a request
        /// each; with any wildcard pattern, every job is listed once and matched here. An exact name no job has is an
        /// ObjectNotFound error of its own, and a bad pattern an error of its own: the other names are still listed.
        /// </summary>
        private void WriteNamed(string[] names)
        {
            var patterns = new List<WildcardPattern>();
            var exact = new List<string>();
            foreach (var name in names)
            {
                // A name whose wildcards are all escaped (`[x`]) is an exact name, which the workspace filters on.
                if (!WildcardPattern.ContainsWildcardCharacters(name)) exact.Add(WildcardPattern.Unescape(name));
                else ForItem(name, () => patterns.Add(Wildcards.Parsed(name, "-Name")));
            }
            var written = new HashSet<long>();
            var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            void List(object target, string? filter, IEnumerable<string> exactNames) => ForItem(target, () =>
            {
                // Listed with their tasks, so that the table's TaskCount and $job.Settings.Tasks are there.
                foreach (var job in ListJobs(filter, expandTasks: true))
                {
                    var name = job.Name ?? "";
                    var isNamed = exact.Contains(name, StringComparer.OrdinalIgnoreCase);
                    if (isNamed) found.Add(name);
                    if ((isNamed || patterns.Any(p => p.IsMatch(name))) && written.Add(job.JobId)) WriteObject(Whole(job));
                }
                foreach (var name in exactNames.Where(n => !found.Contains(n))) WriteError(ErrorRecords.FromInput(NoJobNamed(name), name));
            });

            var distinct = exact.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (patterns.Count > 0) List(names, null, distinct);
            else foreach (var name in distinct) List(name, name, new[] { name });
        }

        /// <summary>A listed job with every task: Jobs API 2.2 lists at most 100 tasks of a job, and the rest are fetched.</summary>
        private Job Whole(Job job) => job.HasMore == true ? Get(job.JobId) : job;

        /// <summary>The job read by itself. A method of its own, so that the lambda's closure is made only for a job read again, not for every job listed.</summary>
        private Job Get(long jobId) => Await(context => Jobs.GetJobAsync(jobId, context));
    }
}
