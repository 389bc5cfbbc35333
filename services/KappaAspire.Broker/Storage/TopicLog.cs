namespace KappaAspire.Broker.Storage;

/// <summary>A topic: its id, configs and one log per partition.</summary>
internal sealed class TopicLog(string name, Guid id, IReadOnlyDictionary<string, string> configs, PartitionLog[] partitions)
{
    public string Name { get; } = name;
    public Guid Id { get; } = id;
    public IReadOnlyDictionary<string, string> Configs { get; } = configs;
    public PartitionLog[] Partitions { get; } = partitions;

    public PartitionLog? Partition(int index) => index >= 0 && index < Partitions.Length ? Partitions[index] : null;
}
