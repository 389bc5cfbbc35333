namespace KappaAspire.Pipeline.Packaging;

/// <summary>The part of one partition of the raw topic a model was trained on (inclusive offsets).</summary>
public sealed record OffsetRange(int Partition, long FirstOffset, long LastOffset);
