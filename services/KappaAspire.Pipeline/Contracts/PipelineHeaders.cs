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

    /// <summary>On a record re-driven from the dead-letter topic: where it was re-driven from, <c>{topic}/{partition}/{offset}</c>.</summary>
    public const string RedrivenFrom = "kappa-redriven-from";

    /// <summary>Whether <paramref name="key"/> is one of the headers a dead letter gets (a re-drive or a second rejection drops them).</summary>
    public static bool IsDeadLetterHeader(string key) =>
        key is Error or SourceTopic or SourcePartition or SourceOffset or Service;
}
