namespace KappaAspire.Broker.Protocol.Messages;

/// <summary>DescribeConfigs request v0-1: resources (type, name, the config names or null for all); include-synonyms from v1.</summary>
internal sealed record DescribeConfigsRequest(IReadOnlyList<DescribeConfigsRequest.Resource> Resources, bool IncludeSynonyms) : IKafkaMessage<DescribeConfigsRequest>
{
    internal sealed record Resource(sbyte Type, string Name, IReadOnlyList<string>? ConfigNames);

    public static DescribeConfigsRequest Read(ref KafkaReader reader, short version) =>
        new(reader.ReadArray(7, static (ref KafkaReader r) =>
            new Resource(r.ReadInt8(), r.ReadString(), r.ReadNullableArray(2, static (ref KafkaReader n) => n.ReadString()))),
            version >= 1 && reader.ReadBool());

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteArray(Resources, static (w, r) =>
        {
            w.WriteInt8(r.Type);
            w.WriteString(r.Name);
            w.WriteArray(r.ConfigNames, static (nw, n) => nw.WriteString(n));
        });
        if (version >= 1) writer.WriteBool(IncludeSynonyms);
    }
}

/// <summary>
/// DescribeConfigs response v0-1: per resource its entries; v0 says whether an entry is the default, v1 where it comes
/// from (<see cref="Entry.Source"/>) and, when asked, its synonyms: the settings it would fall back to, most specific first.
/// </summary>
internal sealed record DescribeConfigsResponse(IReadOnlyList<DescribeConfigsResponse.Result> Results) : IKafkaMessage<DescribeConfigsResponse>
{
    public const sbyte SourceDynamicTopic = 1;
    public const sbyte SourceStaticBroker = 4;
    public const sbyte SourceDefault = 5;

    internal sealed record Result(ErrorCode Error, string? Message, sbyte Type, string Name, IReadOnlyList<Entry> Entries);

    /// <param name="Source">1 topic config, 4 the broker's start-up setting, 5 default (v0 carries only whether it is 5).</param>
    internal sealed record Entry(string Name, string? Value, bool ReadOnly, sbyte Source, bool Sensitive, IReadOnlyList<Synonym> Synonyms);

    internal sealed record Synonym(string Name, string? Value, sbyte Source);

    public static DescribeConfigsResponse Read(ref KafkaReader reader, short version)
    {
        reader.ReadInt32(); // throttle
        return new(reader.ReadArray(13, (ref KafkaReader r) => new Result(
            (ErrorCode)r.ReadInt16(), r.ReadNullableString(), r.ReadInt8(), r.ReadString(),
            r.ReadArray(7, (ref KafkaReader e) =>
            {
                var name = e.ReadString();
                var value = e.ReadNullableString();
                var readOnly = e.ReadBool();
                var source = version == 0 ? (e.ReadBool() ? SourceDefault : SourceDynamicTopic) : e.ReadInt8();
                var sensitive = e.ReadBool();
                var synonyms = version >= 1 ? e.ReadArray(5, static (ref KafkaReader y) => new Synonym(y.ReadString(), y.ReadNullableString(), y.ReadInt8())) : [];
                return new Entry(name, value, readOnly, source, sensitive, synonyms);
            }))));
    }

    public void Write(KafkaWriter writer, short version)
    {
        writer.WriteInt32(0); // throttle
        writer.WriteArray(Results, (w, result) =>
        {
            w.WriteInt16((short)result.Error);
            w.WriteNullableString(result.Message);
            w.WriteInt8(result.Type);
            w.WriteString(result.Name);
            w.WriteArray(result.Entries, (ew, e) =>
            {
                ew.WriteString(e.Name);
                ew.WriteNullableString(e.Value);
                ew.WriteBool(e.ReadOnly);
                if (version == 0) ew.WriteBool(e.Source == SourceDefault);
                else ew.WriteInt8(e.Source);
                ew.WriteBool(e.Sensitive);
                if (version >= 1)
                    ew.WriteArray(e.Synonyms, static (yw, y) =>
                    {
                        yw.WriteString(y.Name);
                        yw.WriteNullableString(y.Value);
                        yw.WriteInt8(y.Source);
                    });
            });
        });
    }
}
