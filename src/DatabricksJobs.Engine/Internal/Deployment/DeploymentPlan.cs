using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using DatabricksJobs.Client;
using DatabricksJobs.Models;
using Job = DatabricksJobs.Models.Job;

namespace DatabricksJobs.Internal.Deployment
{
    /// <summary>
    /// What a deployment does: each definition matched to its job in the workspace (by the dbx-deployment tag; with
    /// -Adopt, by name) and compared with it, and with -Prune the deployment's jobs whose definition is gone. Compare-DbxJob
    /// shows it, Deploy-DbxJob carries it out.
    /// </summary>
    internal sealed class DeploymentPlan
    {
        private readonly JobsService _jobs;
        private readonly string _deployment;

        private DeploymentPlan(JobsService jobs, string deployment)
        {
            _jobs = jobs;
            _deployment = deployment;
        }

        /// <summary>A change for each definition, in order, then the deletes of -Prune.</summary>
        public List<PlannedChange> Changes { get; } = new List<PlannedChange>();

        public List<string> Warnings { get; } = new List<string>();

        /// <summary>
        /// The plan of <paramref name="definitions"/> against <paramref name="workspace"/>, the workspace's jobs as one listing
        /// answers them, then jobs/get of each job a definition matches (a listing's settings may lack tasks past the first 100).
        /// </summary>
        public static async Task<DeploymentPlan> MakeAsync(JobsService jobs, string deployment, DefinitionSet definitions, List<Job> workspace, bool adopt, bool prune,
            CallContext context)
        {
            var plan = new DeploymentPlan(jobs, deployment);
            var ours = DeploymentIdentity.JobsOf(deployment, workspace);
            foreach (var definition in definitions.Definitions)
            {
                try
                {
                    plan.Changes.Add(await plan.MatchAsync(definition, ours, workspace, adopt, context).ConfigureAwait(false));
                }
                catch (InputException e)
                {
                    plan.Changes.Add(new PlannedChange(e, definition.File));
                }
                catch (DatabricksApiException e)
                {
                    // The job could not be read (gone since the listing, or not readable by the caller): that definition only.
                    plan.Changes.Add(new PlannedChange(e, definition.File));
                }
            }
            if (prune) plan.Prune(definitions, ours);
            return plan;
        }

        private async Task<PlannedChange> MatchAsync(Definition definition, Dictionary<string, List<Job>> ours, List<Job> workspace, bool adopt, CallContext context)
        {
            var settings = (JsonObject)definition.Settings.DeepClone();
            if (settings["tags"] is not JsonObject tags) settings["tags"] = tags = new JsonObject();
            // A job found by its tag keeps the tag as it is: keys match whatever their case, so a file renamed only in
            // case (or spelled otherwise by another checkout) is the same job, and no reset is made for the tag alone.
            ours.TryGetValue(definition.Key, out var tagged);
            tags[DeploymentIdentity.Tag] = tagged is not null ? DeploymentIdentity.TagOf(tagged[0]) : DeploymentIdentity.TagValue(_deployment, definition.Key);
            var body = new RequestBody(settings);
            if (tagged is not null)
            {
                if (tagged.Count > 1)
                    // Each job's own tag: keys match whatever their case, so the two may be spelled apart.
                    throw new InputException($"'{definition.File}': jobs {string.Join(" and ", tagged.Select(j => $"{j.JobId} ({DeploymentIdentity.Tag} = '{DeploymentIdentity.TagOf(j)}')"))} " +
                        "both stand for this definition, so which is its job is not known: delete or untag all but one.",
                        "DeploymentKeyAmbiguous", ErrorCategory.InvalidData, definition.File);
                return await CompareAsync(definition, tagged[0].JobId, DeployAction.Update, body, context).ConfigureAwait(false);
            }
            var named = workspace.Where(job => job.Name == definition.Name && DeploymentIdentity.TagOf(job) is null).ToList();
            if (adopt && named.Count > 1)
                throw new InputException($"'{definition.File}': {named.Count} jobs without a {DeploymentIdentity.Tag} tag are named '{definition.Name}' " +
                    $"(ids {string.Join(", ", named.Select(j => j.JobId))}), so which to adopt is not known: rename or delete all but one.",
                    "AdoptAmbiguous", ErrorCategory.InvalidData, definition.File);
            if (adopt && named.Count == 1) return await CompareAsync(definition, named[0].JobId, DeployAction.Adopt, body, context).ConfigureAwait(false);
            if (named.Count > 0)
                Warnings.Add($"'{definition.File}': job {string.Join(", ", named.Select(j => j.JobId))} is named '{definition.Name}' and belongs to no deployment; " +
                    "a new job is created beside it. -Adopt would take it over instead.");
            return new PlannedChange(new JobComparison(definition.Key, definition.File, DeployAction.Create, null, definition.Name, Array.Empty<JobDifference>()), body);
        }

        /// <summary>The definition against the job's settings as jobs/get answers them: Update (or Adopt) when they differ, else Equal.</summary>
        private async Task<PlannedChange> CompareAsync(Definition definition, long jobId, DeployAction action, RequestBody body, CallContext context)
        {
            var job = await _jobs.GetJobAsync(jobId, context).ConfigureAwait(false);
            var current = JsonSerializer.SerializeToNode(job.Settings ?? new JobSettings(), DatabricksJsonContext.Default.JobSettings)!.AsObject();
            var differences = SettingsDiff.Compare(definition.Key, current, body.Json);
            if (action == DeployAction.Update && differences.Count == 0) action = DeployAction.Equal;
            return new PlannedChange(new JobComparison(definition.Key, definition.File, action, jobId, definition.Name, differences), body);
        }

        /// <summary>
        /// The deletes of -Prune: the deployment's jobs whose key no definition file has. None when a file could not be read,
        /// since a broken file must never cost its job.
        /// </summary>
        private void Prune(DefinitionSet definitions, Dictionary<string, List<Job>> ours)
        {
            if (definitions.Errors.Count > 0)
            {
                Warnings.Add($"No job is pruned, since {definitions.Errors.Count} definition{(definitions.Errors.Count == 1 ? "" : "s")} could not be read: " +
                    "a job whose file is broken must not be deleted. Fix the errors and deploy again.");
                return;
            }
            foreach (var gone in ours.Where(pair => !definitions.Keys.Contains(pair.Key)))
            foreach (var job in gone.Value)
                Changes.Add(new PlannedChange(new JobComparison(gone.Key, null, DeployAction.Delete, job.JobId, job.Name, Array.Empty<JobDifference>()), null));
        }
    }

    /// <summary>What a deployment does with one job, and the settings it sends; or why it does nothing with a definition.</summary>
    internal sealed class PlannedChange
    {
        private readonly RequestBody? _settings;

        public PlannedChange(JobComparison comparison, RequestBody? settings)
        {
            Comparison = comparison;
            _settings = settings;
        }

        public PlannedChange(Exception error, string file)
        {
            Error = error;
            File = file;
        }

        public JobComparison? Comparison { get; }

        /// <summary>
        /// Why the definition cannot be deployed, an InputException (its job is not known for sure) or a
        /// DatabricksApiException (its job could not be read): nothing is sent for it.
        /// </summary>
        public Exception? Error { get; }

        /// <summary>The definition's file, which an error names.</summary>
        public string? File { get; }

        /// <summary>What the change does, as -WhatIf and the confirmation say it: the action, and for an update each field's old and new value.</summary>
        public string Description
        {
            get
            {
                var comparison = Comparison!;
                var action = comparison.Action switch
                {
                    DeployAction.Create => "Create",
                    DeployAction.Delete => "Delete (its definition is gone)",
                    DeployAction.Adopt => $"Adopt (tag it and replace its settings; {Count(comparison)})",
                    _ => $"Replace the settings ({Count(comparison)})",
                };
                return comparison.Differences.Length == 0 ? action : action + ":\n" + string.Join("\n", comparison.Differences.Select(d => "  " + d));
            }
        }

        private static string Count(JobComparison comparison) => comparison.Differences.Length == 1 ? "1 change" : $"{comparison.Differences.Length} changes";

        /// <summary>Carries the change out: jobs/create, jobs/reset or jobs/delete; nothing for a job already as defined.</summary>
        public async Task<JobComparison> ApplyAsync(JobsService jobs, CallContext context)
        {
            var comparison = Comparison!;
            switch (comparison.Action)
            {
                case DeployAction.Create:
                    try
                    {
                        return comparison.With(DeployResult.Created, await jobs.CreateJobAsync(_settings!, context).ConfigureAwait(false));
                    }
                    catch (DatabricksApiException e) when (e.OutcomeUnknown)
                    {
                        throw e.WithHint($"Or deploy again: the job carries the tag {DeploymentIdentity.Tag} = '{_settings!.Json["tags"]![DeploymentIdentity.Tag]}', " +
                            "by which the next deploy finds it if it was made, and creates it if not.");
                    }
                case DeployAction.Update:
                case DeployAction.Adopt:
                    await jobs.ResetJobAsync(comparison.JobId!.Value, _settings!, context).ConfigureAwait(false);
                    return comparison.With(DeployResult.Updated);
                case DeployAction.Delete:
                    await jobs.DeleteJobAsync(comparison.JobId!.Value, context).ConfigureAwait(false);
                    return comparison.With(DeployResult.Deleted);
                default:
                    return comparison.With(DeployResult.Unchanged);
            }
        }
    }
}
