using System.IO;
using System.Management.Automation;
using System.Text.Json;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Writes a job's settings as JSON, exactly as the API takes them back (New-DbxJob -Path, Set-DbxJob -Path): to a
    /// file with -Path, else as a string.
    /// </summary>
    [Cmdlet(VerbsData.Export, "DbxJob", SupportsShouldProcess = true)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ExportDbxJobCommand : DbxCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        public long JobId { get; set; }

        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Overwrite an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Return the file written.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ForItem(JobId, () =>
            {
                var job = Await(context => Jobs.GetJobAsync(JobId, context));
                var json = PowerShellJson.Indented(JsonSerializer.SerializeToNode(job.Settings ?? new JobSettings(), DatabricksJsonContext.Default.JobSettings)!);
                if (Path is null)
                {
                    WriteObject(json);
                    return;
                }
                var file = new FileInfo(SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path));
                if (file.Exists && !Force)
                    throw new System.ArgumentException($"'{file.FullName}' exists: give -Force to overwrite it.");
                if (!ShouldProcess(file.FullName, $"Export job {JobId}")) return;
                try
                {
                    File.WriteAllText(file.FullName, json + "\n");
                }
                catch (IOException e)
                {
                    throw new System.ArgumentException($"Cannot write '{file.FullName}': {e.Message}", e);
                }
                if (PassThru) WriteObject(new FileInfo(file.FullName));
            });
        }
    }
}
