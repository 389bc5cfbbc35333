namespace KappaAspire.Broker.Storage;

/// <summary>Replaces a small file atomically: write a temporary sibling, fsync it, rename over the original.</summary>
internal static class DurableFile
{
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
