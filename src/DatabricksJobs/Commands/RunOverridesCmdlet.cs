using System.Collections;
using System.Management.Automation;
using DatabricksJobs.Internal;
using DatabricksJobs.Models;

namespace DatabricksJobs.Commands
{
    /// <summary>The parameter overrides that run-now and repair both take, declared once.</summary>
    public abstract class RunOverridesCmdlet : RunOutcomeCmdlet
    {
        /// <summary>Job parameters (job_parameters): name = value. They override the job's parameter defaults.</summary>
        [Parameter]
        public Hashtable? JobParameter { get; set; }

        /// <summary>Notebook parameters (notebook_params): name = value, for notebook tasks.</summary>
        [Parameter]
        public Hashtable? NotebookParameter { get; set; }

        /// <summary>Command-line parameters of Python tasks (python_params).</summary>
        [Parameter]
        [TextOnly]
        public string[]? PythonParameter { get; set; }

        /// <summary>Parameters of JAR tasks (jar_params).</summary>
        [Parameter]
        [TextOnly]
        public string[]? JarParameter { get; set; }

        /// <summary>Named parameters of Python wheel tasks (python_named_params): name = value.</summary>
        [Parameter]
        public Hashtable? PythonNamedParameter { get; set; }

        /// <summary>Parameters of spark-submit tasks (spark_submit_params).</summary>
        [Parameter]
        [TextOnly]
        public string[]? SparkSubmitParameter { get; set; }

        /// <summary>Parameters of SQL tasks (sql_params): name = value.</summary>
        [Parameter]
        public Hashtable? SqlParameter { get; set; }

        /// <summary>The dbt commands of dbt tasks (dbt_commands), such as 'dbt deps', 'dbt run'.</summary>
        [Parameter]
        [TextOnly]
        public string[]? DbtCommand { get; set; }

        /// <summary>Run pipeline tasks with a full refresh (pipeline_params.full_refresh).</summary>
        [Parameter]
        public SwitchParameter PipelineFullRefresh { get; set; }

        /// <remarks>
        /// Not generic on purpose: the constraint of a generic method names an engine type, and PowerShell would need
        /// the engine to load this class while it looks for cmdlets, before the module's resolver is in place.
        /// </remarks>
        /// <summary>Refresh only these tables of a pipeline task's pipeline (refresh_selection).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [TextOnly]
        public string[]? PipelineRefreshSelection { get; set; }

        /// <summary>Fully refresh only these tables of a pipeline task's pipeline (full_refresh_selection).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [TextOnly]
        public string[]? PipelineFullRefreshSelection { get; set; }

        /// <summary>Refresh only these flows of a pipeline task's pipeline (refresh_flow_selection).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [TextOnly]
        public string[]? PipelineRefreshFlowSelection { get; set; }

        /// <summary>Reset the checkpoints of these flows of a pipeline task's pipeline (reset_checkpoint_selection).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [TextOnly]
        public string[]? PipelineResetCheckpointSelection { get; set; }

        /// <summary>How serverless compute runs it: PERFORMANCE_OPTIMIZED (starts fast) or STANDARD (costs less, may start later), in any case (standard is sent as STANDARD).</summary>
        [Parameter]
        [ValidateSet("PERFORMANCE_OPTIMIZED", "STANDARD")]
        [CanonicalSpelling("PERFORMANCE_OPTIMIZED", "STANDARD")]
        public string? PerformanceTarget { get; set; }

        /// <summary>The request body as the API takes it (any field of run-now, or of repair): a hashtable, an object or JSON text, such as the Databricks CLI's --json. Named parameters win over its fields. It is checked against the API's fields as New-DbxJob checks settings: keys match whatever their case and in PascalCase, a key one letter off a field is an error, and any other key is sent as it is, with a warning.</summary>
        [Parameter]
        [Alias("Json")]
        [ValidateNotNull]
        public object? Settings { get; set; }

        private RequestBody? _body;

        /// <summary>-Settings as a request body of <paramref name="shape"/>, or null; read once, so that its warnings are written once however many runs start.</summary>
        private protected RequestBody? Body(ApiShape shape) => Settings is null ? null : _body ??= JobSettingsInput.FromSettings(this, Settings, shape);

        /// <summary>Fills <paramref name="request"/> with the overrides given.</summary>
        protected void SetOverrides(RunOverrides request)
        {
            request.JobParameters = Conversions.ToStringMap(JobParameter, "-JobParameter");
            request.NotebookParams = Conversions.ToStringMap(NotebookParameter, "-NotebookParameter");
            request.PythonParams = Conversions.ToList(PythonParameter);
            request.JarParams = Conversions.ToList(JarParameter);
            request.PythonNamedParams = Conversions.ToStringMap(PythonNamedParameter, "-PythonNamedParameter");
            request.SparkSubmitParams = Conversions.ToList(SparkSubmitParameter);
            request.SqlParams = Conversions.ToStringMap(SqlParameter, "-SqlParameter");
            request.DbtCommands = Conversions.ToList(DbtCommand);
            var pipeline = new PipelineParams
            {
                FullRefresh = PipelineFullRefresh ? true : null,
                RefreshSelection = Conversions.ToList(PipelineRefreshSelection),
                FullRefreshSelection = Conversions.ToList(PipelineFullRefreshSelection),
                RefreshFlowSelection = Conversions.ToList(PipelineRefreshFlowSelection),
                ResetCheckpointSelection = Conversions.ToList(PipelineResetCheckpointSelection),
            };
            request.PipelineParams = pipeline.FullRefresh is null && pipeline.RefreshSelection is null && pipeline.FullRefreshSelection is null &&
                                     pipeline.RefreshFlowSelection is null && pipeline.ResetCheckpointSelection is null ? null : pipeline;
            request.PerformanceTarget = PerformanceTarget;
        }
    }
}
