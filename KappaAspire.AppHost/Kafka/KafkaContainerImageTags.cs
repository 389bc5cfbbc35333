namespace KappaAspire.AppHost.Kafka;

/// <summary>The Kafka image of container mode: the one Aspire's own Kafka hosting integration uses.</summary>
internal static class KafkaContainerImageTags
{
    /// <remarks>docker.io</remarks>
    public const string Registry = "docker.io";

    /// <remarks>confluentinc/confluent-local: a single Kafka node in KRaft mode (broker and controller in one process).</remarks>
    public const string Image = "confluentinc/confluent-local";

    /// <remarks>8.2.0</remarks>
    public const string Tag = "8.2.0";
}
