namespace KappaAspire.Broker.Storage;

/// <summary>When appended data is forced to disk.</summary>
public enum FlushPolicy
{
    /// <summary>Every append is written to the OS at once (survives a process crash); fsync on segment roll and shutdown.</summary>
    WriteThrough,
    /// <summary>As above, and acks=all produce requests wait for an fsync (group commit, survives power loss).</summary>
    FsyncOnAcksAll,
}

/// <summary>Log storage settings (segment size, retention, flush policy).</summary>
public sealed class StorageOptions
{
    public long SegmentBytes { get; set; } = 1L << 30;
    /// <summary>-1 keeps data forever (the Kappa log is the source of truth, so that is the default).</summary>
    public long RetentionMs { get; set; } = -1;
    public long RetentionBytes { get; set; } = -1;
    public FlushPolicy Flush { get; set; } = FlushPolicy.WriteThrough;
}
