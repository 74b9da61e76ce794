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
    /// <para>-Name filters by name: an exact name (case-insensitive) is filtered by the workspace, and one that matches no job is an ObjectNotFound error, as Get-Item's is; a name with wildcards is matched here, and may match nothing. A number given without a parameter name is a job id. Listed jobs carry their tasks (up to 100 each, as the API lists them; the rest are fetched).</para>
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
    /// </code>
    /// <para>Returns both jobs; an id that does not exist writes an error and the other is still returned.</para>
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

        /// <summary>The ids of the jobs to get, also from the pipeline (numbers, or objects with a JobId property). Without ids and -Name, every job is listed; $null, an empty list or 0 is an error.</summary>
        // The default set, and not mandatory: PowerShell binds a bare first argument to the default set's parameter when it
        // converts (Get-DbxJob 527674 is an id) and to -Name otherwise (Get-DbxJob nightly); with neither, it lists.
        [Parameter(Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long[]? JobId { get; set; }

        /// <summary>List only jobs with this name: exact and case-insensitive, or with wildcards (* ?).</summary>
        [Parameter(Position = 0, ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(JobNamePatternCompleter))]
        public string? Name { get; set; }

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

            ForItem(Name ?? "", () =>
            {
                var pattern = Name is not null && WildcardPattern.ContainsWildcardCharacters(Name) ? Wildcards.Parsed(Name, "-Name") : null;
                // A name whose wildcards are all escaped (`[x`]) is an exact name, which the workspace filters on.
                var serverName = pattern is null && Name is not null ? WildcardPattern.Unescape(Name) : null;
                var found = 0;
                // Listed with their tasks, so that the table's TaskCount and $job.Settings.Tasks are there.
                foreach (var job in ListJobs(serverName, expandTasks: true))
                {
                    if (pattern is not null && !pattern.IsMatch(job.Name ?? "")) continue;
                    found++;
                    // Jobs API 2.2 lists at most 100 tasks of a job; fetch the rest.
                    WriteObject(job.HasMore == true ? Await(context => Jobs.GetJobAsync(job.JobId, context)) : job);
                }
                if (found == 0 && serverName is not null) throw NoJobNamed(serverName);
            });
        }
    }
}
