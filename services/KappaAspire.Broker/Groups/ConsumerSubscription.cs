using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Groups;

/// <summary>
/// The topics a member of a <c>consumer</c> group subscribes to, read from its JoinGroup protocol metadata
/// (ConsumerProtocolSubscription: version, then the topics, in every version).
/// </summary>
internal static class ConsumerSubscription
{
    /// <summary>The subscribed topics, or null when the metadata is not a subscription this broker can read.</summary>
    public static IReadOnlyList<string>? Topics(byte[] metadata)
    {
        try
        {
            var reader = new KafkaReader(metadata);
            if (reader.ReadInt16() < 0) return null;
            return reader.ReadArray(2, static (ref KafkaReader r) => r.ReadString());
        }
        catch (MalformedRequestException)
        {
            return null;
        }
    }
}
