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
    /// <para>-Name filters by name: an exact name (case-insensitive) is filtered by the workspace; a name with wildcards is matched here. Listed jobs carry no tasks unless -ExpandTasks.</para>
    /// </remarks>
    /// <example title="Find a job by name and run it">
    /// <code>
    /// Get-DbxJob -Name 'nightly load' | Invoke-DbxJobRun -Wait
    /// </code>
    /// <para>Runs every job with that name and waits for the runs.</para>
    /// </example>
    /// <example title="List jobs with wildcards and show their tasks">
    /// <code>
    /// Get-DbxJob -Name 'etl-*' -ExpandTasks | ForEach-Object { $_.Name; $_.Settings.Tasks.TaskKey }
    /// </code>
    /// <para>Lists the jobs whose names start with etl-, with their tasks.</para>
    /// </example>
    /// <example title="Get jobs by id">
    /// <code>
    /// Get-DbxJob -JobId 1024, 2048
    /// </code>
    /// <para>Returns both jobs; an id that does not exist writes an error and the other is still returned.</para>
    /// </example>
    [Cmdlet(VerbsCommon.Get, "DbxJob", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Job))]
    public sealed class GetDbxJobCommand : DbxCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        /// <summary>The ids of the jobs to get, also from the pipeline (numbers, or objects with a JobId property).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long[]? JobId { get; set; }

        /// <summary>List only jobs with this name: exact and case-insensitive, or with wildcards (* ?).</summary>
        [Parameter(Position = 0, ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(JobNameCompleter))]
        public string? Name { get; set; }

        /// <summary>List jobs with their tasks and job clusters.</summary>
        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter ExpandTasks { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == ByIdSet)
            {
                foreach (var id in JobId!) ForItem(id, () => WriteObject(Await(context => Jobs.GetJobAsync(id, context))));
                return;
            }

            WildcardPattern? pattern = null;
            if (Name is not null && WildcardPattern.ContainsWildcardCharacters(Name))
            {
                try
                {
                    pattern = Wildcards.Parsed(Name);
                }
                catch (WildcardPatternException e)
                {
                    WriteError(ErrorRecords.Create($"-Name '{Name}' is not a valid wildcard pattern: [ and ] enclose a set of characters. " +
                        "To match [ or ] as they are, put a backtick before each (`[ `]).", "InvalidWildcardPattern", ErrorCategory.InvalidArgument, Name, e));
                    return;
                }
            }
            // A name whose wildcards are all escaped (`[x`]) is an exact name, which the workspace filters on.
            var serverName = pattern is null && Name is not null ? WildcardPattern.Unescape(Name) : null;
            ForItem(Name ?? "", () =>
            {
                var jobs = Pager.All(
                    token => Await(context => Jobs.ListJobsPageAsync(serverName, ExpandTasks, token, context)),
                    page => page.Jobs,
                    page => page.HasMore ? page.NextPageToken : null);
                foreach (var job in jobs)
                {
                    if (pattern is not null && !pattern.IsMatch(job.Name ?? "")) continue;
                    // Jobs API 2.2 lists at most 100 tasks of a job; fetch the rest.
                    WriteObject(ExpandTasks && job.HasMore == true ? Await(context => Jobs.GetJobAsync(job.JobId, context)) : job);
                }
            });
        }
    }
}
