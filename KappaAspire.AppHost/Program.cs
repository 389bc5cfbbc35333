using KappaAspire.AppHost.Commands;
using KappaAspire.Pipeline.Contracts;

var builder = DistributedApplication.CreateBuilder(args);

// The log: the embedded broker by default; Kafka:Mode = container | external in configuration (see appsettings.json).
// Topic names are the services' own (Pipeline's Topics); the partition counts here are the only ones (an operator may
// still override one for a run: --Kafka:Topics:iot_raw_data:Partitions=12).
var kafka = builder.AddKafka("kafka")
    .WithTopic(Topics.RawData, partitions: 6)
    .WithTopic(Topics.Predictions, partitions: 6)
    .WithTopic(Topics.DeadLetter, partitions: 1)
    // The control log of Kappa reprocessing runs (the trainer writes it, reprocessors follow it): one partition, one order.
    .WithTopic(Topics.Reprocessing, partitions: 1);

// The shared secret of the model channel (trainer → inference). Set Parameters:model-token to pin it.
var modelToken = builder.AddParameter("model-token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true)
    .WithDescription("Shared secret of the gRPC model channel: inference and the reprocessor present it to download models from the trainer.");

// The operator's token: every POST of the trainer, producer and viewer (train, promote, roll back, reprocess; rate, pause,
// anomalies; re-drive dead letters) needs "Authorization: Bearer <it>"; the dashboard commands send it. Set Parameters:operator-token to pin it.
var operatorToken = builder.AddParameter("operator-token", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true)
    .WithDescription("Bearer token of the trainer's and producer's control endpoints (every POST); the dashboard commands send it.");

// Sensors → iot_raw_data (200 readings/s, so a fresh log holds enough for a first model within seconds).
builder.AddProject<Projects.KappaAspire_Producer>("producer")
    .WithHttpEndpoint(name: "http")
    .WithUrlForEndpoint("http", url => (url.DisplayText, url.Url) = ("Status (JSON)", url.Url.TrimEnd('/') + "/status"))
    .WithHttpHealthCheck("/health")
    .WithEnvironment("Producer__ReadingsPerSecond", "200")
    .WithEnvironment("Operator__Token", operatorToken)
    .WithProducerCommands(operatorToken)
    .WithReference(kafka).WaitFor(kafka);

// Replays iot_raw_data, trains, versions and publishes models over gRPC (HTTP/2 on the "grpc" endpoint).
var trainer = builder.AddProject<Projects.KappaAspire_Trainer>("trainer")
    .WithHttpEndpoint(name: "http")
    .WithHttpEndpoint(name: "grpc", env: "ModelChannel__GrpcPort")
    .WithUrlForEndpoint("http", url => (url.DisplayText, url.Url) = ("Models (JSON)", url.Url.TrimEnd('/') + "/models"))
    .WithUrlForEndpoint("grpc", url => url.DisplayText = "gRPC model channel (HTTP/2 only)")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("ModelChannel__Token", modelToken)
    .WithEnvironment("Operator__Token", operatorToken)
    .WithTrainerCommands(operatorToken)
    .WithEnvironment("Trainer__RegistryPath", builder.ModelRegistryDirectory())
    .WithReference(kafka).WaitFor(kafka);

// iot_raw_data → score with the newest model → iot_predictions (one consumer group, two replicas).
builder.AddProject<Projects.KappaAspire_Inference>("inference")
    .WithReplicas(2)
    .WithHttpEndpoint(name: "http")
    // Unhealthy until it holds a model and its consumer runs: the dashboard shows a replica that cannot score yet.
    .WithHttpHealthCheck("/health")
    .WithEnvironment("ModelChannel__Token", modelToken)
    .WithReference(trainer.GetEndpoint("grpc")).WaitFor(trainer)
    .WithReference(kafka).WaitFor(kafka);

// Kappa reprocessing runs: the inference project in its reprocessor role scores each run the trainer records on
// iot_reprocessing (POST /reprocessing) from offset 0 with exactly that model into iot_predictions.<version>.
builder.AddProject<Projects.KappaAspire_Inference>("reprocessor")
    .WithHttpEndpoint(name: "http")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("Inference__Role", "Reprocessor")
    .WithEnvironment("ModelChannel__Token", modelToken)
    .WithReference(trainer.GetEndpoint("grpc")).WaitFor(trainer)
    .WithReference(kafka).WaitFor(kafka);

// iot_predictions → a live web page, and a view of the log (/log.html) whose dead-letter re-drive takes the operator token.
builder.AddProject<Projects.KappaAspire_Viewer>("viewer")
    .WithHttpEndpoint(name: "http")
    .WithUrlForEndpoint("http", url => url.DisplayText = "Live viewer")
    .WithHttpHealthCheck("/health")
    .WithEnvironment("Operator__Token", operatorToken)
    .WithExternalHttpEndpoints()
    .WithReference(trainer)
    .WithReference(kafka).WaitFor(kafka);

// `-- --publisher kubernetes --output-path deploy/kubernetes` writes the manifests from this same model.
builder.AddKubernetesPublisher();

builder.Build().Run();
