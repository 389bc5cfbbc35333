using KappaAspire.ServiceDefaults.Storage;

namespace KappaAspire.ServiceDefaults.Tests;

public sealed class DurableFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("durable-file-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_write_replaces_the_whole_file_and_leaves_no_temporary_behind()
    {
        var path = Path.Combine(_directory, "offsets.bin");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6]);

        DurableFile.WriteAllBytes(path, [9, 8]);

        Assert.Equal([9, 8], File.ReadAllBytes(path));
        Assert.Equal(["offsets.bin"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Fact]
    public void A_temporary_left_by_a_crash_mid_write_neither_blocks_the_next_write_nor_reaches_the_file()
    {
        var path = Path.Combine(_directory, "index.json");
        DurableFile.WriteAllBytes(path, "old"u8);
        File.WriteAllBytes(path + DurableFile.TemporarySuffix, "torn"u8);

        Assert.Equal("old"u8.ToArray(), File.ReadAllBytes(path));
        DurableFile.WriteAllBytes(path, "new"u8);

        Assert.Equal("new"u8.ToArray(), File.ReadAllBytes(path));
        Assert.False(File.Exists(path + DurableFile.TemporarySuffix));
    }

    [Fact]
    public void The_directory_is_flushed_too_and_a_failure_to_do_so_is_an_error_not_silence()
    {
        DurableFile.SyncDirectory(_directory);

        if (!OperatingSystem.IsWindows())
        {
            var missing = Path.Combine(_directory, "gone");
            var error = Assert.Throws<IOException>(() => DurableFile.SyncDirectory(missing));
            Assert.Contains(missing, error.Message, StringComparison.Ordinal);
            Assert.Contains("errno 2", error.Message, StringComparison.Ordinal); // ENOENT
        }
    }
}
