using System.Text;
using KappaAspire.Testing;
using KappaAspire.Viewer.View;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace KappaAspire.Viewer.Tests;

/// <summary>The model panel comes from the trainer's <c>GET /models</c>; without a trainer the page says "unknown" and works on.</summary>
public sealed class ModelCatalogTests(EmbeddedKafkaFixture kafka) : IClassFixture<EmbeddedKafkaFixture>
{
    /// <summary>A <c>GET /models</c> body in the trainer's contract (its <c>ModelList</c>: newest first, camelCase).</summary>
    private const string TrainerModelList = """
        {
          "promoted": "v0002",
          "models": [
            {
              "version": "v0002", "createdAt": "2025-03-01T12:00:00+00:00", "isPromoted": true,
              "metrics": { "examples": 5000, "labeledExamples": 5000, "truePositives": 45, "falsePositives": 5, "falseNegatives": 5,
                           "trueNegatives": 4945, "precision": 0.9, "recall": 0.9, "f1": 0.9, "meanAbsoluteError": 12.5,
                           "recallByKind": { "spike": 1.0, "drift": 0.8, "stuck": 0.9 } },
              "trainingRanges": [ { "partition": 0, "firstOffset": 0, "lastOffset": 999 }, { "partition": 1, "firstOffset": 0, "lastOffset": 1499 } ],
              "featureSchemaVersion": 1, "sha256": "ab12", "sizeBytes": 123456, "decision": "F1 0.900 >= 0.850"
            },
            {
              "version": "v0001", "createdAt": "2025-03-01T11:00:00+00:00", "isPromoted": false,
              "metrics": { "examples": 3000, "labeledExamples": 3000, "truePositives": 20, "falsePositives": 5, "falseNegatives": 5,
                           "trueNegatives": 2970, "precision": 0.8, "recall": 0.8, "f1": 0.8, "meanAbsoluteError": 15.0 },
              "trainingRanges": [ { "partition": 0, "firstOffset": 0, "lastOffset": 499 } ],
              "featureSchemaVersion": 1, "sha256": "cd34", "sizeBytes": 120000
            }
          ]
        }
        """;

    [Fact]
    public async Task Without_a_reachable_trainer_the_model_catalog_is_unavailable_and_the_rest_works()
    {
        var nobody = EmbeddedKafkaFixture.FreePort();
        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers,
            $"--Viewer:TrainerUrl=http://127.0.0.1:{nobody}", "--Viewer:TrainerTimeout=00:00:02");

        var snapshot = await viewer.WaitForSnapshotAsync(s => s.Model.CheckedAt is not null);

        Assert.Equal(ModelCatalogView.Unavailable, snapshot.Model.State);
        Assert.Null(snapshot.Model.Promoted);
        Assert.Empty(snapshot.Model.Models);
        Assert.Contains("trainer", snapshot.Model.Error);
        (await viewer.Http.GetAsync("/")).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_trainers_model_list_becomes_the_model_panel()
    {
        var trainerPort = EmbeddedKafkaFixture.FreePort();
        var trainerBuilder = WebApplication.CreateSlimBuilder([$"--urls=http://127.0.0.1:{trainerPort}", "--Logging:LogLevel:Default=Warning"]);
        await using var trainer = trainerBuilder.Build();
        trainer.MapGet("/models", () => Results.Text(TrainerModelList, "application/json", Encoding.UTF8));
        await trainer.StartAsync();

        await using var viewer = await ViewerHost.StartAsync(kafka.BootstrapServers, $"--Viewer:TrainerUrl=http://127.0.0.1:{trainerPort}");
        var model = (await viewer.WaitForSnapshotAsync(s => s.Model.State == ModelCatalogView.Available)).Model;

        Assert.Equal("v0002", model.Promoted);
        Assert.Equal(["v0002", "v0001"], model.Models.Select(m => m.Version));
        var promoted = model.Models[0];
        Assert.True(promoted.IsPromoted);
        Assert.Equal(0.9, promoted.Metrics!.F1);
        Assert.Equal(12.5, promoted.Metrics.MeanAbsoluteError);
        Assert.Equal(2, promoted.TrainingRanges!.Count);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), promoted.CreatedAt);
        await trainer.StopAsync();
    }
}
