using System.Text.Json;
using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Grpc;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Packaging;

namespace KappaAspire.Pipeline.Tests;

public sealed class ModelPackagingTests(TrainedModelFixture trained)
{
    private static readonly DateTimeOffset CreatedAt = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly OffsetRange[] Ranges = [new(0, 0, 9_999), new(1, 0, 10_123)];

    private ModelPackage RealPackage(string version = "v0001") =>
        trained.Result.Detector.ToPackage(version, CreatedAt, Ranges);

    private ModelPackage SyntheticPackage(int size)
    {
        var zip = new byte[size];
        new Random(3).NextBytes(zip);
        var metrics = EvaluationMetrics.From(examples: 10, alarms: 1, tp: 1, fp: 0, fn: 0, tn: 9, meanAbsoluteError: 12.5);
        var metadata = new ModelMetadata("v0042", CreatedAt, Ranges, FeatureSchema.Version, metrics, trained.Result.Detector.Parameters, ModelPackage.ComputeSha256(zip));
        return new ModelPackage(metadata, zip);
    }

    // Records hold lists and dictionaries that compare by reference; their JSON compares by value.
    private static void AssertSamePackage(ModelPackage expected, ModelPackage actual)
    {
        Assert.Equal(expected.ModelZip, actual.ModelZip);
        Assert.Equal(
            JsonSerializer.Serialize(expected.Metadata, PipelineJsonContext.Default.ModelMetadata),
            JsonSerializer.Serialize(actual.Metadata, PipelineJsonContext.Default.ModelMetadata));
    }

    [Fact]
    public void A_package_round_trips_through_bytes()
    {
        var package = RealPackage();

        var restored = ModelPackageSerializer.Deserialize(ModelPackageSerializer.Serialize(package));

        AssertSamePackage(package, restored);
        ModelPackageVerifier.Verify(restored);
    }

    [Fact]
    public void A_package_records_the_hyper_parameters_it_was_trained_with()
    {
        var restored = ModelPackageSerializer.Deserialize(ModelPackageSerializer.Serialize(RealPackage()));

        Assert.Equal(trained.Result.Detector.Settings, restored.Metadata.TrainingSettings);
        Assert.NotNull(restored.Metadata.TrainingSettings);
    }

    [Fact]
    public void Metadata_written_before_settings_were_recorded_still_reads()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(RealPackage().Metadata, PipelineJsonContext.Default.ModelMetadata);
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(node.Remove("trainingSettings"));

        var metadata = ModelPackageSerializer.DeserializeMetadata(JsonSerializer.SerializeToUtf8Bytes(node));

        Assert.Null(metadata.TrainingSettings);
        Assert.Equal("v0001", metadata.Version);
    }

    [Fact]
    public void A_package_carries_its_score_reference_and_one_written_before_it_was_recorded_reads_without()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(RealPackage().Metadata, PipelineJsonContext.Default.ModelMetadata);
        var restored = ModelPackageSerializer.DeserializeMetadata(json);
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(node.Remove("scoreReference"));

        var old = ModelPackageSerializer.DeserializeMetadata(JsonSerializer.SerializeToUtf8Bytes(node));

        var reference = trained.Result.Detector.ScoreReference!;
        Assert.Equal(reference.Edges, restored.ScoreReference!.Edges);
        Assert.Equal(reference.Shares, restored.ScoreReference.Shares);
        Assert.Equal(trained.Result.Split.Holdout.Count, restored.ScoreReference.Readings);
        Assert.Null(old.ScoreReference);
    }

    [Fact]
    public void A_restored_package_scores_exactly_like_the_trained_detector()
    {
        var restored = ModelPackageSerializer.Deserialize(ModelPackageSerializer.Serialize(RealPackage("v0007")));
        var scorer = AnomalyScorer.Load(restored);
        var original = trained.Result.Detector.CreateScorer();

        Assert.Equal("v0007", scorer.Version);
        foreach (var e in trained.Result.Split.Holdout.Take(200))
        {
            Assert.Equal(original.Score(e.Features, e.Power), scorer.Score(e.Features, e.Power));
        }
    }

    [Fact]
    public void A_package_whose_zip_does_not_match_its_hash_is_refused()
    {
        var package = RealPackage();
        var tampered = (byte[])package.ModelZip.Clone();
        tampered[tampered.Length / 2] ^= 0xFF;

        var refused = new ModelPackage(package.Metadata, tampered);

        var error = Assert.Throws<InvalidModelPackageException>(() => ModelPackageVerifier.Verify(refused));
        Assert.Contains("SHA-256", error.Message);
        Assert.Throws<InvalidModelPackageException>(() => AnomalyScorer.Load(refused));
    }

    [Fact]
    public void A_package_built_for_another_feature_schema_is_refused()
    {
        var package = RealPackage();
        var otherSchema = new ModelPackage(package.Metadata with { FeatureSchemaVersion = FeatureSchema.Version + 1 }, package.ModelZip);

        var error = Assert.Throws<InvalidModelPackageException>(() => AnomalyScorer.Load(otherSchema));
        Assert.Contains($"feature schema {FeatureSchema.Version + 1}", error.Message);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { (byte)'N', (byte)'O', (byte)'P', (byte)'E', 1, 0, 0, 0, 0 })]
    [InlineData(new byte[] { (byte)'K', (byte)'A', (byte)'M', (byte)'P', 1, 200, 0, 0, 0, (byte)'{' })]
    public void Bytes_that_are_not_a_package_are_refused(byte[] bytes) =>
        Assert.Throws<InvalidModelPackageException>(() => ModelPackageSerializer.Deserialize(bytes));

    [Fact]
    public void A_package_larger_than_one_chunk_is_split_and_reassembled()
    {
        var package = SyntheticPackage(ModelChunker.DefaultChunkSize * 3 + 1234);

        var chunks = ModelChunker.Split(package).ToList();
        var assembler = new ModelChunkAssembler();
        var completed = chunks.Select(c => assembler.TryAdd(c, out var p) ? p : null).ToList();

        Assert.Equal(5, chunks.Count); // header + 4 data chunks
        Assert.Equal(package.ModelZip.Length, chunks[0].Header.TotalSize);
        Assert.Equal(package.Metadata.Sha256, chunks[0].Header.Sha256);
        Assert.All(chunks.Skip(1), c => Assert.True(c.Data.Length <= ModelChunker.DefaultChunkSize));
        Assert.All(completed[..^1], Assert.Null);
        AssertSamePackage(package, completed[^1]!);
    }

    [Fact]
    public async Task A_stream_of_several_packages_is_reassembled_in_order()
    {
        var first = RealPackage("v0001");
        var second = RealPackage("v0002");

        var packages = new List<ModelPackage>();
        await foreach (var package in ModelChunkAssembler.AssembleAsync(ToAsync(ModelChunker.Split(first, 16 * 1024).Concat(ModelChunker.Split(second, 16 * 1024))), TestContext.Current.CancellationToken))
        {
            packages.Add(package);
        }

        Assert.Equal(["v0001", "v0002"], packages.Select(p => p.Version));
        AnomalyScorer.Load(packages[1]); // verified and loadable
    }

    [Fact]
    public void A_corrupted_chunk_is_detected_when_the_package_completes()
    {
        var chunks = ModelChunker.Split(SyntheticPackage(100_000), 30_000).ToList();
        var corrupt = chunks[2].Data.ToByteArray();
        corrupt[0] ^= 1;
        chunks[2] = new ModelChunk { Version = chunks[2].Version, Index = 2, Data = Google.Protobuf.ByteString.CopyFrom(corrupt) };

        var assembler = new ModelChunkAssembler();
        var error = Assert.Throws<InvalidModelPackageException>(() => chunks.ForEach(c => assembler.TryAdd(c, out _)));
        Assert.Contains("corrupt", error.Message);
    }

    [Fact]
    public void A_missing_chunk_is_detected()
    {
        var chunks = ModelChunker.Split(SyntheticPackage(100_000), 30_000).ToList();
        chunks.RemoveAt(2);

        var assembler = new ModelChunkAssembler();
        var error = Assert.Throws<InvalidModelPackageException>(() => chunks.ForEach(c => assembler.TryAdd(c, out _)));
        Assert.Contains("Expected chunk 2", error.Message);
    }

    [Fact]
    public async Task A_stream_that_ends_mid_package_is_an_error()
    {
        var chunks = ModelChunker.Split(SyntheticPackage(100_000), 30_000).SkipLast(1);

        await Assert.ThrowsAsync<InvalidModelPackageException>(async () =>
        {
            await foreach (var _ in ModelChunkAssembler.AssembleAsync(ToAsync(chunks), TestContext.Current.CancellationToken))
            {
            }
        });
    }

    [Fact]
    public void Metadata_json_is_camel_case()
    {
        var chunk = ModelChunker.Split(SyntheticPackage(10)).First();

        Assert.Contains($"\"featureSchemaVersion\":{FeatureSchema.Version}", chunk.Header.MetadataJson);
        Assert.Contains("\"sha256\":", chunk.Header.MetadataJson);
        Assert.Contains("\"trainingRanges\":[{\"partition\":0,\"firstOffset\":0,\"lastOffset\":9999}", chunk.Header.MetadataJson);
    }

    [Theory]
    [InlineData(1, "v0001")]
    [InlineData(42, "v0042")]
    [InlineData(12345, "v12345")]
    public void Versions_are_v_and_a_padded_number(int number, string version)
    {
        Assert.Equal(version, ModelVersion.Format(number));
        Assert.True(ModelVersion.TryParse(version, out var parsed));
        Assert.Equal(number, parsed);
    }

    [Fact]
    public void The_next_version_follows_the_highest_existing_one()
    {
        Assert.Equal("v0001", ModelVersion.Next([]));
        Assert.Equal("v0004", ModelVersion.Next(["v0001", "v0003", "junk", "v0002"]));
    }

    private static async IAsyncEnumerable<ModelChunk> ToAsync(IEnumerable<ModelChunk> chunks)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            yield return chunk;
        }
    }
}
