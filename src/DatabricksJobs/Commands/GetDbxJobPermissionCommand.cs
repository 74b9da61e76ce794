using System.Management.Automation;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Gets who may do what with jobs: one object per principal and permission, direct or inherited (such as the
    /// workspace admins' CAN_MANAGE).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "DbxJobPermission")]
    [OutputType(typeof(JobPermission))]
    public sealed class GetDbxJobPermissionCommand : DbxCmdlet
    {
        /// <summary>The jobs, also from the pipeline.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long[]? JobId { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in JobId!)
                ForItem(id, () => WriteObject(JobPermission.From(id, Await(context => Jobs.GetPermissionsAsync(id, context))), enumerateCollection: true));
        }
    }
}
