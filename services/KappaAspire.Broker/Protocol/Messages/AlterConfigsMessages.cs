namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>AlterConfigs request v0-1: each resource's complete new set of configs (what is not named reverts to its default).</summary>
internal sealed record AlterConfigsRequest(IReadOnlyList<AlterConfigsRequest.Resource> Resources, bool ValidateOnly) : IKafkaMessage<AlterConfigsRequest>
{
    internal sealed record Resource(sbyte Type, string Name, IReadOnlyList<(string Name, string? Value)> Configs);

    public static AlterConfigsRequest Read(ref KafkaReader reader, short version) => new(
        reader.ReadArray(7, static (ref KafkaReader r) => new Resource(
            r.ReadInt8(),
            r.ReadString(),
            r.ReadArray(4, static (ref KafkaReader c) => (c.ReadString(), c.ReadNullableString())))),
        reader.ReadBool());

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteArray(Resources, static (w, r) =>
        {
            w.WriteInt8(r.Type);
            w.WriteString(r.Name);
            w.WriteArray(r.Configs, static (c, config) =>
            {
                c.WriteString(config.Name);
                c.WriteNullableString(config.Value);
            });
        });
        writer.WriteBool(ValidateOnly);
    }
}

/// <summary>IncrementalAlterConfigs request v0: per config an operation (SET, DELETE, APPEND, SUBTRACT) on the current set.</summary>
internal sealed record IncrementalAlterConfigsRequest(IReadOnlyList<IncrementalAlterConfigsRequest.Resource> Resources, bool ValidateOnly)
    : IKafkaMessage<IncrementalAlterConfigsRequest>
{
    internal enum Operation : sbyte { Set = 0, Delete = 1, Append = 2, Subtract = 3 }

    internal sealed record Resource(sbyte Type, string Name, IReadOnlyList<(string Name, Operation Operation, string? Value)> Configs);

    public static IncrementalAlterConfigsRequest Read(ref KafkaReader reader, short version) => new(
        reader.ReadArray(7, static (ref KafkaReader r) => new Resource(
            r.ReadInt8(),
            r.ReadString(),
            r.ReadArray(5, static (ref KafkaReader c) => (c.ReadString(), (Operation)c.ReadInt8(), c.ReadNullableString())))),
        reader.ReadBool());

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteArray(Resources, static (w, r) =>
        {
            w.WriteInt8(r.Type);
            w.WriteString(r.Name);
            w.WriteArray(r.Configs, static (c, config) =>
            {
                c.WriteString(config.Name);
                c.WriteInt8((sbyte)config.Operation);
                c.WriteNullableString(config.Value);
            });
        });
        writer.WriteBool(ValidateOnly);
    }
}

/// <summary>The answer to AlterConfigs v0-1 and IncrementalAlterConfigs v0: an error and message per resource.</summary>
internal sealed record AlterConfigsResponse(IReadOnlyList<AlterConfigsResponse.Result> Results) : IKafkaMessage<AlterConfigsResponse>
{
    internal sealed record Result(ErrorCode Error, string? Message, sbyte Type, string Name);

    public static AlterConfigsResponse Read(ref KafkaReader reader, short version)
    {
        reader.ReadInt32(); // throttle
        return new(reader.ReadArray(7, static (ref KafkaReader r) => new Result((ErrorCode)r.ReadInt16(), r.ReadNullableString(), r.ReadInt8(), r.ReadString())));
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteInt32(0); // throttle
        writer.WriteArray(Results, static (w, r) =>
        {
            w.WriteInt16((short)r.Error);
            w.WriteNullableString(r.Message);
            w.WriteInt8(r.Type);
            w.WriteString(r.Name);
        });
    }
}
