using KappaAspire.AppHost.Kubernetes;
using Microsoft.Extensions.Hosting;

namespace KappaAspire.Kubernetes.Tests;

/// <summary>deploy/kubernetes is generated, never edited: it must be exactly what the AppHost's model generates now.</summary>
public sealed class ManifestDriftTests(Renderings renderings)
{
    [Fact]
    public void The_committed_manifests_are_what_the_AppHost_model_generates()
    {
        var generated = renderings[Renderings.AppHost].Files;
        var committed = Directory.Exists(ManifestGeneration.CommittedDirectory)
            ? Directory.EnumerateFiles(ManifestGeneration.CommittedDirectory).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f).ReplaceLineEndings("\n"))
            : [];

        var differences = Differences(generated, committed);

        Assert.True(differences.Count == 0,
            $"deploy/kubernetes does not match the AppHost's application model. Regenerate it from the repository root with\n" +
            $"  {KubernetesManifestGenerator.Command}\nand commit the result.\n{string.Join("\n", differences)}");
    }

    [Fact(Timeout = 60_000)]
    public async Task The_publish_step_writes_what_the_generator_renders_and_removes_only_the_files_it_generated_before()
    {
        var output = Directory.CreateTempSubdirectory("kappa-k8s-").FullName;
        try
        {
            var stale = Path.Combine(output, "retired-service.yaml");
            await File.WriteAllTextAsync(stale, "# Generated from the KappaAspire AppHost's application model by:\nkind: ConfigMap\n", TestContext.Current.CancellationToken);
            var foreign = Path.Combine(output, "notes.yaml");
            await File.WriteAllTextAsync(foreign, "written by hand\n", TestContext.Current.CancellationToken);

            // The documented command, in process: --publisher kubernetes selects the publish-kubernetes step of the pipeline.
            var builder = await ManifestGeneration.AppHostAsync("--output-path", output);
            await using var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
            var rendered = await ManifestGeneration.RenderAsync(app, TestContext.Current.CancellationToken);
            await app.StartAsync(TestContext.Current.CancellationToken);
            await app.WaitForShutdownAsync(TestContext.Current.CancellationToken);

            var written = Directory.EnumerateFiles(output).ToDictionary(f => Path.GetFileName(f), f => File.ReadAllText(f));
            written.Remove("notes.yaml");
            Assert.Empty(Differences(rendered, written));
            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(foreign));
            if (!OperatingSystem.IsWindows())
            {
                Assert.True(File.GetUnixFileMode(Path.Combine(output, "build-images.sh")).HasFlag(UnixFileMode.UserExecute));
            }
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Rendering_the_same_model_twice_gives_the_same_bytes()
    {
        var again = await ManifestGeneration.RenderAsync(PipelineTopology.Create(), TestContext.Current.CancellationToken);

        Assert.Empty(Differences(renderings[Renderings.Pipeline].Files, again.Files));
        Assert.All(again.Files.Values, text => Assert.DoesNotContain(ManifestGeneration.RepositoryRoot, text, StringComparison.Ordinal));
    }

    private static List<string> Differences(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string> actual)
    {
        var differences = new List<string>();
        foreach (var name in expected.Keys.Except(actual.Keys))
        {
            differences.Add($"  missing: {name}");
        }

        foreach (var name in actual.Keys.Except(expected.Keys))
        {
            differences.Add($"  not generated (stale): {name}");
        }

        foreach (var name in expected.Keys.Intersect(actual.Keys).Where(n => expected[n] != actual[n]))
        {
            var want = expected[name].Split('\n');
            var have = actual[name].Split('\n');
            var line = Enumerable.Range(0, Math.Max(want.Length, have.Length)).First(i => i >= want.Length || i >= have.Length || want[i] != have[i]);
            differences.Add($"  {name}, line {line + 1}: expected '{(line < want.Length ? want[line] : "<end>")}', found '{(line < have.Length ? have[line] : "<end>")}'");
        }

        return differences;
    }
}
