// The embedded Kafka broker: the Kafka wire protocol over durable segment storage, plus /health and /alive.
// Run alone: dotnet run --project services/KappaAspire.Broker -- --port 9092 --data-dir .kappa/kafka
using KappaAspire.Broker;

var app = KafkaBrokerApp.Create(args);
app.Run();
