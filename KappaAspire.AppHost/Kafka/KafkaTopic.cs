namespace Aspire.Hosting;

/// <summary>A topic that the Kafka resource creates, if missing, before it reports ready.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Partitions">The number of partitions of a topic created by the AppHost.</param>
/// <param name="ReplicationFactor">The replication factor of a topic created by the AppHost.</param>
public sealed record KafkaTopic(string Name, int Partitions, short ReplicationFactor);
