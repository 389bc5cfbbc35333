using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace KappaAspire.Kubernetes.Tests;

/// <summary>
/// The whole pipeline as the architecture describes it (producer → Kafka → inference ×2 ← trainer over gRPC → viewer),
/// wired the way an AppHost does, for specifications that must not depend on how far Program.cs has come.
/// </summary>
internal static class PipelineTopology
{
    public const string Token = "model-token-value-that-must-never-be-written";

    public static IDistributedApplicationBuilder Create(params string[] args)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
        {
            Args = ["--publisher", "kubernetes", $"--Parameters:model-token={Token}", .. args],
            AssemblyName = typeof(KafkaServerResource).Assembly.GetName().Name,
            DisableDashboard = true,
        });

        var kafka = builder.AddKafka("kafka")
            .WithTopic("iot_raw_data", partitions: 6)
            .WithTopic("iot_predictions", partitions: 6)
            .WithTopic("iot_raw_data.dlq", partitions: 1);
        var token = builder.AddParameter("model-token", secret: true);

        var trainer = builder.AddProject("trainer", Service("Trainer"))
            .WithHttpEndpoint(name: "http")
            .WithHttpEndpoint(name: "grpc", env: "ModelChannel__GrpcPort")
            .WithEnvironment("ModelChannel__Token", token)
            .WithReference(kafka).WaitFor(kafka);

        builder.AddProject("producer", Service("Producer"))
            .WithHttpEndpoint(name: "http")
            .WithReference(kafka).WaitFor(kafka);

        builder.AddProject("inference", Service("Inference"))
            .WithHttpEndpoint(name: "http")
            .WithReplicas(2)
            .WithEnvironment("ModelChannel__Token", token)
            .WithReference(trainer.GetEndpoint("grpc"))
            .WithReference(kafka).WaitFor(kafka);

        builder.AddProject("viewer", Service("Viewer"))
            .WithHttpEndpoint(name: "http")
            .WithReference(trainer)
            .WithReference(kafka).WaitFor(kafka);

        return builder;
    }

    private static string Service(string name) =>
        Path.Combine(ManifestGeneration.RepositoryRoot, "services", $"KappaAspire.{name}", $"KappaAspire.{name}.csproj");
}
