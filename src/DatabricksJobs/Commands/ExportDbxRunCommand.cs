using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>Exports runs as self-contained HTML pages.</summary>
    /// <remarks>
    /// <para>Export-DbxRun exports the views of task runs (runs/export): the notebook (-Views Code, the default), its dashboards (Dashboards), or both (All). Each view is written as a self-contained .html file into -Path (the current folder by default, made if missing), named after the run, the task and the view, and the files are returned. For a run of several tasks every task run is exported.</para>
    /// <para>An existing file is not overwritten without -Force. -PassThru returns the views with their HTML content instead of writing files.</para>
    /// </remarks>
    /// <example title="Keep the notebooks of a failed run">
    /// <code>
    /// Get-DbxRun -RunId 4711 | Export-DbxRun -Path ./evidence -Views All
    /// </code>
    /// <para>Writes run-4711-&lt;task&gt;-&lt;view&gt;.html for every task and view, and returns the files.</para>
    /// </example>
    /// <example title="Mail a run's notebook without writing files">
    /// <code>
    /// $view = Export-DbxRun -RunId 4711 -PassThru | Select-Object -First 1
    /// Send-MailMessage -To ops@example.com -Subject $view.Name -Body $view.Content -BodyAsHtml -SmtpServer smtp.example.com
    /// </code>
    /// <para>-PassThru returns RunExportView objects with the HTML in Content.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/api/workspace/jobs/exportrun">Jobs API: GET /api/2.2/jobs/runs/export</seealso>
    /// <seealso cref="GetDbxRunCommand"/>
    /// <seealso cref="GetDbxRunOutputCommand"/>
    /// <seealso cref="RemoveDbxRunCommand"/>
    [Cmdlet(VerbsData.Export, "DbxRun", SupportsShouldProcess = true, DefaultParameterSetName = FilesSet)]
    [OutputType(typeof(FileInfo), ParameterSetName = new[] { FilesSet })]
    [OutputType(typeof(RunExportView), ParameterSetName = new[] { ContentSet })]
    public sealed class ExportDbxRunCommand : DbxCmdlet
    {
        private const string FilesSet = "Files";
        private const string ContentSet = "Content";

        /// <summary>Runs or task runs, also from the pipeline: run ids, or runs and task runs (their RunId).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("run_id")]
        [ValidateId]
        public long[]? RunId { get; set; }

        /// <summary>Which views: Code (the notebook), Dashboards, or All.</summary>
        [Parameter]
        [ValidateSet("Code", "Dashboards", "All")]
        [CanonicalSpelling("Code", "Dashboards", "All")]
        public string Views { get; set; } = "Code";

        /// <summary>The folder to write into (made if missing); by default the current one.</summary>
        [Parameter(Position = 1, ParameterSetName = FilesSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = ".";

        /// <summary>Overwrite files that exist.</summary>
        [Parameter(ParameterSetName = FilesSet)]
        public SwitchParameter Force { get; set; }

        /// <summary>Return the views (with their HTML content) instead of writing files.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ContentSet)]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var id in RunId!)
            {
                ForItem(id, () =>
                {
                    foreach (var task in Await(context => Jobs.GetTaskRunsAsync(id, context)))
                        ForItem(task.RunId, () => Export(id, task));
                });
            }
        }

        private void Export(long runId, RunTask task)
        {
            var export = Await(context => Jobs.ExportRunAsync(task.RunId, Views.ToUpperInvariant(), context));
            var views = (export.Views ?? new List<ViewItem>()).Select(v => new RunExportView
            {
                RunId = task.RunId, ParentRunId = task.ParentRunId, TaskKey = task.TaskKey, Name = v.Name, Type = v.Type, Content = v.Content,
            }).ToList();
            if (views.Count == 0) WriteWarning($"Run {task.RunId} has no {Views} views to export.");
            if (PassThru)
            {
                WriteObject(views, enumerateCollection: true);
                return;
            }

            var folder = FilePaths.Folder(this, Path);
            var names = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
            foreach (var view in views)
            {
                var file = System.IO.Path.Combine(folder, UniqueName(FileName(runId, view), names));
                FilePaths.CheckWritable(file, Force, file);
                if (!ShouldProcess(file, $"Export the {view.Type} view of run {task.RunId}")) continue;
                FilePaths.MakeFolder(folder, Path);
                FilePaths.WriteText(file, view.Content ?? "", file);
                WriteObject(new FileInfo(file));
            }
        }

        /// <summary>run-{run id}[-{task key}]-{view name}.html, with what a file name cannot hold replaced.</summary>
        private static string FileName(long runId, RunExportView view)
        {
            var parts = new List<string> { $"run-{runId}" };
            if (!string.IsNullOrEmpty(view.TaskKey)) parts.Add(view.TaskKey!);
            parts.Add(string.IsNullOrWhiteSpace(view.Name) ? (view.Type ?? "view").ToLowerInvariant() : view.Name!);
            var invalid = System.IO.Path.GetInvalidFileNameChars().Concat(new[] { '/', '\\', ':', '*', '?', '"', '<', '>', '|' }).ToArray();
            var name = string.Join("-", parts);
            return new string(name.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Replace(' ', '_');
        }

        private static string UniqueName(string stem, HashSet<string> taken)
        {
            var name = stem + ".html";
            for (var n = 2; !taken.Add(name); n++) name = $"{stem}-{n}.html";
            return name;
        }
    }
}
