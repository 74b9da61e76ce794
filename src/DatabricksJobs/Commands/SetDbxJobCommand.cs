using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Replaces all the settings of a job (jobs/reset), from -Settings or a JSON file.</summary>
    [Cmdlet(VerbsCommon.Set, "DbxJob", SupportsShouldProcess = true, DefaultParameterSetName = SettingsSet)]
    [OutputType(typeof(Job))]
    public sealed class SetDbxJobCommand : DbxCmdlet
    {
        private const string SettingsSet = "Settings";
        private const string PathSet = "Path";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long JobId { get; set; }

        [Parameter(Mandatory = true, Position = 1, ParameterSetName = SettingsSet)]
        [ValidateNotNull]
        public object? Settings { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(JobId, () =>
            {
                var settings = ParameterSetName == PathSet ? JobSettingsInput.Read(this, Path!) : JobSettingsInput.FromSettings(Settings!);
                if (!ShouldProcess($"Job {JobId}", "Replace all settings")) return;
                Await(context => Jobs.ResetJobAsync(JobId, settings, context));
                if (PassThru) WriteObject(Await(context => Jobs.GetJobAsync(JobId, context)));
            });
        }
    }
}
