using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Gets jobs by id (also from the pipeline), or lists them, every page, as they arrive. -Name filters by name:
    /// exactly (case-insensitive) on the server, or with wildcards on this side.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DbxJob", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Job))]
    public sealed class GetDbxJobCommand : DbxCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long[]? JobId { get; set; }

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

            var pattern = Name is not null && WildcardPattern.ContainsWildcardCharacters(Name)
                ? new WildcardPattern(Name, WildcardOptions.IgnoreCase)
                : null;
            var serverName = pattern is null ? Name : null;
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
