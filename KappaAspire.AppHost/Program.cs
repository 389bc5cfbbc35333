var builder = DistributedApplication.CreateBuilder(args);

// The log: the embedded broker by default; Kafka:Mode = container | external in configuration (see appsettings.json).
var kafka = builder.AddKafka("kafka")
    .WithTopic("iot_raw_data", partitions: 6)
    .WithTopic("iot_predictions", partitions: 6)
    .WithTopic("iot_raw_data.dlq", partitions: 1);

// Services follow, each with .WithReference(kafka).WaitFor(kafka).

builder.Build().Run();
