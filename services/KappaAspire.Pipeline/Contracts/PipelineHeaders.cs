namespace KappaAspire.Pipeline.Contracts;

/// <summary>Kafka header names shared by every service.</summary>
public static class PipelineHeaders
{
    /// <summary>Ground truth set by the simulator (<see cref="GroundTruth.ToHeaderValue"/>); for evaluation only, never a feature.</summary>
    public const string Truth = "kappa-truth";

    /// <summary>Dead-letter header: why the record was rejected.</summary>
    public const string Error = "kappa-error";

    /// <summary>Dead-letter header: topic the record was read from.</summary>
    public const string SourceTopic = "kappa-source-topic";

    /// <summary>Dead-letter header: partition the record was read from (decimal text).</summary>
    public const string SourcePartition = "kappa-source-partition";

    /// <summary>Dead-letter header: offset the record was read from (decimal text).</summary>
    public const string SourceOffset = "kappa-source-offset";

    /// <summary>Dead-letter header: the service that rejected the record.</summary>
    public const string Service = "kappa-service";
}
