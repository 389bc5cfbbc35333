using KappaAspire.Broker.Protocol;

namespace KappaAspire.Broker.Apis;

/// <summary>One decoded request: its header, the body bytes (valid until the handler returns) and the connection it came on.</summary>
internal sealed class RequestContext(RequestHeader header, ReadOnlyMemory<byte> body, string clientHost, CancellationToken connectionClosed)
{
    public RequestHeader Header { get; } = header;
    public short Version => Header.ApiVersion;
    public ReadOnlyMemory<byte> Body { get; } = body;
    public string ClientHost { get; } = clientHost;
    public string ClientId => Header.ClientId ?? "";
    public CancellationToken ConnectionClosed { get; } = connectionClosed;
    /// <summary>Set by a handler whose response carries an error code worth counting in metrics.</summary>
    public ErrorCode? ResultError { get; set; }
}

/// <summary>Handles one Kafka API: parses the body, acts on storage or groups, writes the response body.</summary>
internal interface IApiHandler
{
    ApiKey Key { get; }
    short MinVersion { get; }
    short MaxVersion { get; }

    /// <summary>
    /// Whether a request outside <see cref="MinVersion"/>..<see cref="MaxVersion"/> still reaches the handler. Only
    /// ApiVersions: a client asks with its newest version and must get UNSUPPORTED_VERSION with the list (KIP-511).
    /// </summary>
    bool AnswersEveryVersion => false;

    /// <summary>The first flexible version (compact encodings, tagged fields, request header v2); none by default.</summary>
    short FirstFlexibleVersion => short.MaxValue;

    /// <summary>Whether the response header carries tagged fields (header v1): in flexible versions, except ApiVersions'.</summary>
    bool HasFlexibleResponseHeader(short version) => version >= FirstFlexibleVersion;

    /// <summary>Whether the request, in the version it names, has a v2 header (tagged fields after the client id).</summary>
    bool IsFlexible(short version) => version >= FirstFlexibleVersion && version <= MaxVersion;

    /// <summary>Writes the response body after the header; returns false when the request gets no response (acks=0).</summary>
    ValueTask<bool> HandleAsync(RequestContext request, KafkaWriter response);
}
