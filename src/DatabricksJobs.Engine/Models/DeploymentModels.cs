using System.Collections.Generic;
using System.Linq;

namespace DatabricksJobs.Models
{
    /// <summary>What a deployment does with one job (Compare-DbxJob, Deploy-DbxJob).</summary>
    public enum DeployAction
    {
        /// <summary>No job of the deployment has the definition's key: a job is created.</summary>
        Create,

        /// <summary>The deployment's job differs from the definition: its settings are replaced.</summary>
        Update,

        /// <summary>The deployment's job is what the definition says: nothing is sent.</summary>
        Equal,

        /// <summary>A job of the definition's name without the deployment's tag is taken over (-Adopt): its settings are replaced.</summary>
        Adopt,

        /// <summary>A job of the deployment whose definition is gone is deleted (-Prune).</summary>
        Delete,
    }

    /// <summary>What Deploy-DbxJob did with one job.</summary>
    public enum DeployResult
    {
        Created,
        Updated,
        Unchanged,
        Deleted,

        /// <summary>Not done: -WhatIf, or the confirmation declined.</summary>
        Skipped,

        /// <summary>The workspace refused it (the error says why).</summary>
        Failed,
    }

    /// <summary>A definition (a file of job settings) compared with the job of a deployment in the workspace.</summary>
    public sealed class JobComparison
    {
        internal JobComparison(string key, string? file, DeployAction action, long? jobId, string? name, IEnumerable<JobDifference> differences,
            DeployResult? result = null)
        {
            Key = key;
            File = file;
            Action = action;
            JobId = jobId;
            Name = name;
            Differences = differences.ToArray();
            Result = result;
        }

        /// <summary>The definition's key: its file name without the extension, which the job's dbx-deployment tag carries.</summary>
        public string Key { get; }

        /// <summary>The definition's file; none for a job that -Prune deletes.</summary>
        public string? File { get; }

        public DeployAction Action { get; }

        /// <summary>The job's id; none for a job not created yet (Create), the new job's id after Deploy-DbxJob created it.</summary>
        public long? JobId { get; }

        /// <summary>The job's name: the definition's, or for a job that -Prune deletes, the job's.</summary>
        public string? Name { get; }

        /// <summary>Each field in which the workspace's job and the definition differ (none for Create and Delete).</summary>
        public JobDifference[] Differences { get; }

        /// <summary>What Deploy-DbxJob did (none from Compare-DbxJob).</summary>
        public DeployResult? Result { get; }

        /// <summary>The changes in short, as a table shows them: the paths of the differing fields, or their count when there are more than 3.</summary>
        public string Changes => Differences.Length > 3 ? $"{Differences.Length} fields" : string.Join(", ", Differences.Select(d => d.Path));

        internal JobComparison With(DeployResult result, long? jobId = null) =>
            new JobComparison(Key, File, Action, jobId ?? JobId, Name, Differences, result);

        public override string ToString() => $"{Action} {Key}";
    }

    /// <summary>One field in which a deployment's job in the workspace differs from its definition.</summary>
    public sealed class JobDifference
    {
        internal JobDifference(string key, string path, object? workspaceValue, object? definitionValue)
        {
            Key = key;
            Path = path;
            WorkspaceValue = workspaceValue;
            DefinitionValue = definitionValue;
        }

        /// <summary>The definition's key.</summary>
        public string Key { get; }

        /// <summary>The field, as a JSON path: tasks[main].notebook_task.notebook_path (items of tasks, job clusters, ... by their key).</summary>
        public string Path { get; }

        /// <summary>The job's value in the workspace: text, a number, a boolean, or JSON text of an object or array; null when it has none.</summary>
        public object? WorkspaceValue { get; }

        /// <summary>The definition's value, in the same form; null when it has none.</summary>
        public object? DefinitionValue { get; }

        public override string ToString() => $"{Path}: {Shown(WorkspaceValue)} -> {Shown(DefinitionValue)}";

        private static string Shown(object? value) => value switch
        {
            null => "(none)",
            string text => $"'{text}'",
            bool flag => flag ? "true" : "false",
            _ => System.Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
        };
    }
}
