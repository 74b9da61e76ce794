namespace DatabricksJobs.Emulator.Model;

/// <summary>
/// A fault armed through <c>POST /emulator/faults</c>: for the next <see cref="Count"/> matching requests, or, with a
/// <see cref="Probability"/>, for each matching request with that probability (at most <see cref="Count"/> times, if given).
/// </summary>
public sealed class FaultSpec
{
    public string? Method { get; set; }
    public string? Path { get; set; }
    public int? Status { get; set; }
    public string? ErrorCode { get; set; }
    public string? Message { get; set; }
    public int? RetryAfterSeconds { get; set; }
    public int? DelayMs { get; set; }
    public bool? DropConnection { get; set; }
    /// <summary>
    /// An answer in place of the API's, as a proxy or a broken server might give: this text as the body, with
    /// <see cref="Status"/> (200 if not given), <see cref="ContentType"/> (application/json if not given) and, if given, a
    /// Retry-After of <see cref="RetryAfterSeconds"/>. The request is not handled.
    /// </summary>
    public string? Body { get; set; }
    public string? ContentType { get; set; }
    /// <summary>The uses left: 1 when not given, unless the fault has a probability, which then fires without end.</summary>
    public int? Count { get; set; }
    /// <summary>Between 0 (excluded) and 1: the chance that the fault applies to a matching request.</summary>
    public double? Probability { get; set; }

    public FaultSpec Copy() => (FaultSpec)MemberwiseClone();
}

public sealed class FaultList { public List<FaultSpec> Faults { get; set; } = []; }

public sealed class RequestStats
{
    public long Total { get; set; }
    public Dictionary<string, long> ByRoute { get; set; } = [];
    public Dictionary<string, long> ByStatus { get; set; } = [];
}

/// <summary>A cluster policy defined through <c>POST /emulator/policies</c>: its definition as the Cluster Policies API writes one.</summary>
public sealed class ClusterPolicy
{
    public string? PolicyId { get; set; }
    public System.Text.Json.Nodes.JsonObject? Definition { get; set; }
}

public sealed class ClusterPolicyList { public List<ClusterPolicy> Policies { get; set; } = []; }
