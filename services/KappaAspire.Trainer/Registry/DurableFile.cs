namespace KappaAspire.Trainer.Registry;

/// <summary>Writes whole files so that a crash leaves either the old content or the new, never a torn mix.</summary>
internal static class DurableFile
{
    public const string TemporarySuffix = ".tmp";

    /// <summary>Writes to a temporary file beside <paramref name="path"/>, flushes it to disk, then renames it over the target.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var temporary = path + TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        // rename(2) replaces the target atomically on the same file system.
        File.Move(temporary, path, overwrite: true);
    }
}
