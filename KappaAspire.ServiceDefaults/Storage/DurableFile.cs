using System.ComponentModel;
using System.Runtime.InteropServices;

namespace KappaAspire.ServiceDefaults.Storage;

/// <summary>
/// Replaces a small file so that, once the call returns, a crash or power loss leaves the new content: never a torn
/// mix, and never the old content back. Broker offsets and the model registry's index are acknowledged on that promise.
/// </summary>
public static partial class DurableFile
{
    public const string TemporarySuffix = ".tmp";

    /// <summary>
    /// Writes a temporary sibling of <paramref name="path"/> and fsyncs it, renames it over the target (atomic on one
    /// file system), then fsyncs the directory: the rename lives in the directory's entries, and until they reach the
    /// disk a power loss can bring the old file back.
    /// </summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> content)
    {
        var temporary = path + TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Flushes a directory's entries (creations, renames, deletions) to disk.</summary>
    /// <exception cref="IOException">The directory cannot be opened or flushed; the error names the system's reason.</exception>
    public static void SyncDirectory(string directory)
    {
        // Windows has no fsync of a directory, and NTFS journals the rename itself.
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(directory, 0 /* O_RDONLY: a directory opens read-only everywhere O_DIRECTORY's value differs */);
        if (descriptor < 0)
        {
            throw Failure("open", directory);
        }

        try
        {
            if (FileSync(descriptor) != 0)
            {
                throw Failure("fsync", directory);
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    private static IOException Failure(string call, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} of directory {directory} failed: {new Win32Exception(errno).Message} (errno {errno}).", errno);
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FileSync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
