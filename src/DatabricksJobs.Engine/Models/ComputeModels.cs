using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace DatabricksJobs.Models
{
    // The compute service's types that jobs and tasks name: clusters, libraries and environments.

    /// <summary>A cluster made for a job or a task (new_cluster).</summary>
    public sealed class ClusterSpec : ApiObject
    {
        public bool? ApplyPolicyDefaultValues { get; set; }
        public AutoScale? Autoscale { get; set; }
        public int? AutoterminationMinutes { get; set; }
        public AwsAttributes? AwsAttributes { get; set; }
        public AzureAttributes? AzureAttributes { get; set; }
        public ClusterLogConf? ClusterLogConf { get; set; }
        public string? ClusterName { get; set; }
        public Dictionary<string, string>? CustomTags { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? DataSecurityMode { get; set; }
        public string? DependencyMode { get; set; }
        public DockerImage? DockerImage { get; set; }
        public string? DriverInstancePoolId { get; set; }
        public NodeTypeFlexibility? DriverNodeTypeFlexibility { get; set; }
        public string? DriverNodeTypeId { get; set; }
        public bool? EnableElasticDisk { get; set; }
        public bool? EnableLocalDiskEncryption { get; set; }
        public GcpAttributes? GcpAttributes { get; set; }
        public List<InitScriptInfo>? InitScripts { get; set; }
        public string? InstancePoolId { get; set; }
        public bool? IsSingleNode { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? Kind { get; set; }
        public string? NodeTypeId { get; set; }
        public int? NumWorkers { get; set; }
        public string? PolicyId { get; set; }
        public int? RemoteDiskThroughput { get; set; }
        [JsonConverter(typeof(SharedStringConverter))] public string? RuntimeEngine { get; set; }
        public string? SingleUserName { get; set; }
        public Dictionary<string, string>? SparkConf { get; set; }
        public Dictionary<string, string>? SparkEnvVars { get; set; }
        public string? SparkVersion { get; set; }
        public List<string>? SshPublicKeys { get; set; }
        public int? TotalInitialRemoteDiskSize { get; set; }
        public bool? UseMlRuntime { get; set; }
        public NodeTypeFlexibility? WorkerNodeTypeFlexibility { get; set; }
        public WorkloadType? WorkloadType { get; set; }
    }

    public sealed class AutoScale : ApiObject
    {
        public int? MaxWorkers { get; set; }
        public int? MinWorkers { get; set; }
    }

    public sealed class AwsAttributes : ApiObject
    {
        public string? Availability { get; set; }
        public int? EbsVolumeCount { get; set; }
        public int? EbsVolumeIops { get; set; }
        public int? EbsVolumeSize { get; set; }
        public int? EbsVolumeThroughput { get; set; }
        public string? EbsVolumeType { get; set; }
        public int? FirstOnDemand { get; set; }
        public string? InstanceProfileArn { get; set; }
        public int? SpotBidPricePercent { get; set; }
        public string? ZoneId { get; set; }
    }

    public sealed class AzureAttributes : ApiObject
    {
        public string? Availability { get; set; }
        public string? CapacityReservationGroup { get; set; }
        public int? FirstOnDemand { get; set; }
        public LogAnalyticsInfo? LogAnalyticsInfo { get; set; }
        public double? SpotBidMaxPrice { get; set; }
    }

    public sealed class LogAnalyticsInfo : ApiObject
    {
        public string? LogAnalyticsPrimaryKey { get; set; }
        public string? LogAnalyticsWorkspaceId { get; set; }
    }

    public sealed class GcpAttributes : ApiObject
    {
        public string? Availability { get; set; }
        public int? BootDiskSize { get; set; }
        public string? ConfidentialComputeType { get; set; }
        public int? FirstOnDemand { get; set; }
        public string? GoogleServiceAccount { get; set; }
        public int? LocalSsdCount { get; set; }
        public bool? UsePreemptibleExecutors { get; set; }
        public string? ZoneId { get; set; }
    }

    public sealed class DockerImage : ApiObject
    {
        public DockerBasicAuth? BasicAuth { get; set; }
        public string? Url { get; set; }
    }

    public sealed class DockerBasicAuth : ApiObject
    {
        public string? Password { get; set; }
        public string? Username { get; set; }
    }

    /// <summary>Where an init script is: one of its locations is set.</summary>
    public sealed class InitScriptInfo : ApiObject
    {
        public Adlsgen2Info? Abfss { get; set; }
        public DbfsStorageInfo? Dbfs { get; set; }
        public LocalFileInfo? File { get; set; }
        public GcsStorageInfo? Gcs { get; set; }
        public S3StorageInfo? S3 { get; set; }
        public VolumesStorageInfo? Volumes { get; set; }
        public WorkspaceStorageInfo? Workspace { get; set; }
    }

    /// <summary>Where cluster logs go: one of its locations is set.</summary>
    public sealed class ClusterLogConf : ApiObject
    {
        public DbfsStorageInfo? Dbfs { get; set; }
        public S3StorageInfo? S3 { get; set; }
        public VolumesStorageInfo? Volumes { get; set; }
    }

    public sealed class Adlsgen2Info : ApiObject
    {
        public string? Destination { get; set; }
    }

    public sealed class DbfsStorageInfo : ApiObject
    {
        public string? Destination { get; set; }
    }

    public sealed class GcsStorageInfo : ApiObject
    {
        public string? Destination { get; set; }
    }

    public sealed class LocalFileInfo : ApiObject
    {
        public string? Destination { get; set; }
    }

    public sealed class S3StorageInfo : ApiObject
    {
        public string? Destination { get; set; }
        public string? CannedAcl { get; set; }
        public bool? EnableEncryption { get; set; }
        public string? EncryptionType { get; set; }
        public string? Endpoint { get; set; }
        public string? KmsKey { get; set; }
        public string? Region { get; set; }
    }

    public sealed class VolumesStorageInfo : ApiObject
    {
        public string? Destination { get; set; }
    }

    public sealed class WorkspaceStorageInfo : ApiObject
    {
        public string? Destination { get; set; }
    }

    public sealed class NodeTypeFlexibility : ApiObject
    {
        public List<string>? AlternateNodeTypeIds { get; set; }
    }

    public sealed class WorkloadType : ApiObject
    {
        public ClientsTypes? Clients { get; set; }
    }

    public sealed class ClientsTypes : ApiObject
    {
        public bool? Jobs { get; set; }
        public bool? Notebooks { get; set; }
    }

    /// <summary>A library a task installs: one of its kinds is set.</summary>
    public sealed class Library : ApiObject
    {
        public RCranLibrary? Cran { get; set; }
        public string? Egg { get; set; }
        public string? Jar { get; set; }
        public MavenLibrary? Maven { get; set; }
        public PythonPyPiLibrary? Pypi { get; set; }
        public string? Requirements { get; set; }
        public string? Whl { get; set; }
    }

    public sealed class PythonPyPiLibrary : ApiObject
    {
        public string? Package { get; set; }
        public string? Repo { get; set; }
    }

    public sealed class MavenLibrary : ApiObject
    {
        public string? Coordinates { get; set; }
        public List<string>? Exclusions { get; set; }
        public string? Repo { get; set; }
    }

    public sealed class RCranLibrary : ApiObject
    {
        public string? Package { get; set; }
        public string? Repo { get; set; }
    }

    /// <summary>What a serverless environment installs (the compute service's Environment, named so as not to hide System.Environment).</summary>
    public sealed class ComputeEnvironment : ApiObject
    {
        public string? BaseEnvironment { get; set; }
        public string? Client { get; set; }
        public List<string>? Dependencies { get; set; }
        public string? EnvironmentVersion { get; set; }
        public List<string>? JavaDependencies { get; set; }
    }

    /// <summary>The compute a task asks for.</summary>
    public sealed class Compute : ApiObject
    {
        public string? HardwareAccelerator { get; set; }
    }
}
