using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;
using DatabricksJobs.Internal.Deployment;

namespace DatabricksJobs.Commands
{
    /// <summary>What Compare-DbxJob and Deploy-DbxJob share: the definitions and deployment they take, and the plan they make of them.</summary>
    public abstract class DeploymentCmdlet : DbxCmdlet
    {
        /// <summary>The definitions: .json files (job settings, as Export-DbxJob writes them) and .psd1 files (one hashtable of the same fields), or folders, whose .json and .psd1 files are all taken, recursively. Wildcards may be used; a path that names no definition is an error.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        /// <summary>The deployment's name (1 to 100 letters, digits, '.', '_' or '-'), such as etl-prod: each of its jobs carries the tag dbx-deployment = &lt;deployment&gt;/&lt;key&gt;, the key being its file's name without the extension. The same files deployed under two names make two sets of jobs.</summary>
        [Parameter(Mandatory = true)]
        [ValidateDeploymentName]
        public string? Deployment { get; set; }

        /// <summary>Values of the ${var.NAME} references in the definitions' text values, name = value (names in any case). A variable not given here is read from the environment variable DBX_VAR_NAME; one with no value at all is an error of the file that uses it.</summary>
        [Parameter]
        public Hashtable? Variable { get; set; }

        /// <summary>Also delete the deployment's jobs whose definition file is gone. Never a job without the deployment's tag, nor one of another deployment; nothing is deleted when a definition could not be read, and -Prune with no definition at all is an error.</summary>
        [Parameter]
        public SwitchParameter Prune { get; set; }

        /// <summary>Take over a job the deployment did not make: a definition none of the deployment's jobs carries is matched with the one job of exactly its name that has no dbx-deployment tag, which then gets the tag and the definition's settings.</summary>
        [Parameter]
        public SwitchParameter Adopt { get; set; }

        /// <summary>
        /// The changes the deployment makes, each a job and what is done with it. Each definition that cannot be used is an
        /// error naming its file first, and nothing is done for it; the rest go on.
        /// </summary>
        private protected IEnumerable<PlannedChange> Plan()
        {
            var definitions = DefinitionReader.Read(this, Path!, Variable);
            foreach (var error in definitions.Errors) WriteError(ErrorRecords.FromInput(error, error.Target));
            foreach (var name in definitions.UnusedVariables) WriteWarning($"No definition uses the variable '{name}' given in -Variable.");
            if (Prune && definitions.Keys.Count == 0)
                ThrowTerminatingError(ErrorRecords.Create($"-Prune with no definition would delete every job of the deployment '{Deployment}': nothing was deleted. " +
                    "Check -Path, or remove the jobs with Remove-DbxJob.", "PruneWithoutDefinitions", ErrorCategory.InvalidArgument, Path));
            var workspace = ListJobs(null, expandTasks: false).ToList();
            var plan = Await(context => DeploymentPlan.MakeAsync(Jobs, Deployment!, definitions, workspace, Adopt, Prune, context));
            foreach (var warning in plan.Warnings) WriteWarning(warning);
            foreach (var change in plan.Changes)
            {
                if (change.Error is DatabricksApiException apiError) WriteError(ErrorRecords.FromApi(apiError, change.File));
                else if (change.Error is InputException inputError) WriteError(ErrorRecords.FromInput(inputError, change.File));
                else yield return change;
            }
        }
    }
}
