using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Models
{
    /// <summary>
    /// Whether a job's new clusters comply with their cluster policies: an item of policies/jobs/list-compliance, and
    /// the answer of get-compliance (which does not name the job: the module sets <see cref="JobId"/>).
    /// </summary>
    public sealed class JobCompliance : ApiObject
    {
        public long JobId { get; set; }
        public bool IsCompliant { get; set; }

        /// <summary>Messages keyed by the field they are about, the job cluster or task first: job_clusters[main].new_cluster.spark_version.</summary>
        public Dictionary<string, string>? Violations { get; set; }
    }

    public sealed class ListJobComplianceForPolicyResponse : ApiObject
    {
        public List<JobCompliance>? Jobs { get; set; }
        public string? NextPageToken { get; set; }
    }

    public sealed class EnforcePolicyComplianceRequest
    {
        public long JobId { get; set; }
        public bool ValidateOnly { get; set; }
    }

    /// <summary>What policies/jobs/enforce-compliance changed, or with validate_only would change, and the job's settings after.</summary>
    public sealed class EnforcePolicyComplianceResponse : ApiObject
    {
        // The answer does not name the job; the module sets it so that output from a pipeline of jobs says which is which.
        [JsonIgnore] public long JobId { get; set; }
        public bool HasChanges { get; set; }
        public List<EnforcePolicyComplianceForJobResponseJobClusterSettingsChange>? JobClusterChanges { get; set; }
        public JobSettings? Settings { get; set; }
    }

    /// <summary>A change to one field of a job cluster; the values are text for people to read (the typed ones are in the settings).</summary>
    public sealed class EnforcePolicyComplianceForJobResponseJobClusterSettingsChange : ApiObject
    {
        public string? Field { get; set; }
        public string? PreviousValue { get; set; }
        public string? NewValue { get; set; }

        public override string ToString() => $"{Field}: {PreviousValue} -> {NewValue}";
    }
}
