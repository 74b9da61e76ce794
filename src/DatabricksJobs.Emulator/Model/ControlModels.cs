namespace DatabricksJobs.Emulator.Model;

/// <summary>A fault armed through <c>POST /emulator/faults</c> for the next <see cref="Count"/> matching requests.</summary>
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
    public int Count { get; set; } = 1;
}

public sealed class FaultList { public List<FaultSpec> Faults { get; set; } = []; }

public sealed class RequestStats
{
    public long Total { get; set; }
    public Dictionary<string, long> ByRoute { get; set; } = [];
    public Dictionary<string, long> ByStatus { get; set; } = [];
}
