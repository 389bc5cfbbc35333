using System.Text;
using KappaAspire.Testing;
using KappaAspire.Viewer.View;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

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
              "metrics": { "examples": 5000, "alarms": 50, "alarmRate": 0.01, "labeledExamples": 5000, "labeledAnomalies": 50,
                           "truePositives": 45, "falsePositives": 5, "falseNegatives": 5, "trueNegatives": 4945,
                           "precision": { "count": 45, "trials": 50, "value": 0.9, "low": 0.786, "high": 0.957 },
                           "recall": { "count": 45, "trials": 50, "value": 0.9, "low": 0.786, "high": 0.957 },
                           "f1": 0.9, "falseAlarmRate": { "count": 5, "trials": 4950, "value": 0.00101, "low": 0.00043, "high": 0.00236 },
                           "meanAbsoluteError": 12.5,
                           "recallByKind": { "spike": { "count": 20, "trials": 20, "value": 1.0, "low": 0.839, "high": 1.0 } } },
              "trainingRanges": [ { "partition": 0, "firstOffset": 0, "lastOffset": 999 }, { "partition": 1, "firstOffset": 0, "lastOffset": 1499 } ],
              "featureSchemaVersion": 2, "sha256": "ab12", "sizeBytes": 123456, "decision": "not worse than serving: F1 0.900 vs serving 0.800 on 50 labelled anomalies"
            },
            {
              "version": "v0001", "createdAt": "2025-03-01T11:00:00+00:00", "isPromoted": false,
              "metrics": { "examples": 3000, "alarms": 14, "alarmRate": 0.0047, "labeledExamples": 0, "labeledAnomalies": 0,
                           "truePositives": 0, "falsePositives": 0, "falseNegatives": 0, "trueNegatives": 0,
                           "precision": null, "recall": null, "f1": null, "falseAlarmRate": null, "meanAbsoluteError": 15.0 },
              "trainingRanges": [ { "partition": 0, "firstOffset": 0, "lastOffset": 499 } ],
              "featureSchemaVersion": 2, "sha256": "cd34", "sizeBytes": 120000
            }
          ]
        }
        """;

    [Fact]
    public async Task Without_a_reachable_trainer_the_model_catalog_is_unavailable_and_the_rest_works()
    {
        var nobody = FreePort.Next();
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
        var trainerPort = FreePort.Next();
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
        Assert.Equal((45, 50), (promoted.Metrics.Recall!.Count, promoted.Metrics.Recall.Trials));
        var unlabeled = model.Models[1].Metrics!;
        Assert.Null(unlabeled.F1); // no ground truth: no F1, only the alarm rate
        Assert.Equal(14, unlabeled.Alarms);
        Assert.Equal(12.5, promoted.Metrics.MeanAbsoluteError);
        Assert.Equal(2, promoted.TrainingRanges!.Count);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero), promoted.CreatedAt);
        await trainer.StopAsync();
    }
}
