using System.Runtime.CompilerServices;

namespace KappaAspire.Bench.Tests;

/// <summary>Where the full NAB subset lives when this machine has it (shared/datasets/nab); CI's clean checkout may not.</summary>
internal static class NabDataset
{
    /// <summary>
    /// The dataset directory, or null: $NAB_DATASET when set (so pointing it elsewhere runs the tests as CI without the
    /// dataset would), else /work/shared/datasets/nab, else shared/datasets/nab beside the repository.
    /// </summary>
    public static string? Directory { get; } = Find();

    /// <summary>This test project's source folder, where the committed fixture is (re)written.</summary>
    public static string ProjectDirectory([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile)!;

    public static void SkipUnlessPresent() =>
        Assert.SkipUnless(Directory is not null, "The NAB dataset (shared/datasets/nab) is not on this machine; the fixture tests cover it.");

    private static string? Find()
    {
        var repository = Path.GetFullPath(Path.Combine(ProjectDirectory(), "..", ".."));
        var chosen = Environment.GetEnvironmentVariable("NAB_DATASET");
        string[] candidates = string.IsNullOrEmpty(chosen)
            ? ["/work/shared/datasets/nab", Path.Combine(repository, "..", "shared", "datasets", "nab")]
            : [chosen];
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, "labels", "combined_windows.json")));
    }
}
