namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>
/// One API's request or response body as a typed value, read and written per protocol version (the non-flexible
/// versions this broker serves): the wire format lives here, apart from what a handler does with it, and each message
/// is tested by round trips without a broker.
/// </summary>
internal interface IKafkaMessage<TSelf> where TSelf : IKafkaMessage<TSelf>
{
    /// <summary>Reads the body; throws <see cref="MalformedRequestException"/> when it does not hold a message of that version.</summary>
    static abstract TSelf Read(ref KafkaReader reader, short version);

    void Write(KafkaWriter writer, short version);
}
