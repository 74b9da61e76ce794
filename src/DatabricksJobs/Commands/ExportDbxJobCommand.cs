using System.IO;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;
using DatabricksJobs.Completion;

namespace DatabricksJobs.Commands
{
    /// <summary>Writes a job's settings as JSON the API takes back.</summary>
    /// <remarks>
    /// <para>Export-DbxJob writes the settings of a job as indented JSON, exactly as New-DbxJob -Path and Set-DbxJob -Path take them: to a file with -Path (refusing to overwrite one without -Force), else as a string.</para>
    /// </remarks>
    /// <example title="Keep every job in source control">
    /// <code>
    /// Get-DbxJob | ForEach-Object { $_ | Export-DbxJob -Path "./jobs/$($_.JobId).json" -Force }
    /// </code>
    /// <para>Writes one file per job.</para>
    /// </example>
    /// <example title="Look at a job's settings as JSON">
    /// <code>
    /// Export-DbxJob -JobId 1024
    /// </code>
    /// <para>Returns the JSON as a string.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/get">Jobs API: GET /api/2.2/jobs/get</seealso>
    /// <seealso cref="NewDbxJobCommand"/>
    /// <seealso cref="SetDbxJobCommand"/>
    /// <seealso cref="GetDbxJobCommand"/>
    [Cmdlet(VerbsData.Export, "DbxJob", SupportsShouldProcess = true)]
    [OutputType(typeof(string), typeof(FileInfo))]
    public sealed class ExportDbxJobCommand : DbxCmdlet
    {
        /// <summary>The job to export, also from the pipeline: a job id (1024 | Export-DbxJob), or a job (its JobId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("job_id")]
        [ArgumentCompleter(typeof(JobIdCompleter))]
        [ValidateId]
        public long JobId { get; set; }

        /// <summary>The file to write; without it the JSON is returned as a string.</summary>
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
                var json = PowerShellJson.Indented(job.Settings ?? new JobSettings());
                if (Path is null)
                {
                    WriteObject(json);
                    return;
                }
                var file = FilePaths.Resolve(this, Path);
                FilePaths.CheckWritable(file, Force, Path);
                if (!ShouldProcess(file, $"Export job {JobId}")) return;
                FilePaths.WriteText(file, json + "\n", Path);
                if (PassThru) WriteObject(new FileInfo(file));
            });
        }
    }
}
