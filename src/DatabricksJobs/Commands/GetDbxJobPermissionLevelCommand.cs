using System.Management.Automation;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Gets the permission levels that can be granted on a job, and what each allows.</summary>
    [Cmdlet(VerbsCommon.Get, "DbxJobPermissionLevel")]
    [OutputType(typeof(JobPermissionLevel))]
    public sealed class GetDbxJobPermissionLevelCommand : DbxCmdlet
    {
        /// <summary>The job, also from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long JobId { get; set; }

        protected override void ProcessRecord() =>
            ForItem(JobId, () => WriteObject(Await(context => Jobs.GetPermissionLevelsAsync(JobId, context)).PermissionLevels, enumerateCollection: true));
    }
}
