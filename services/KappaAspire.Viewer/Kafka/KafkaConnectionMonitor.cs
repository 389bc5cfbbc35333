using System.Text.Json;
using Confluent.Kafka;
using KappaAspire.Viewer.View;
using Microsoft.Extensions.Options;

namespace KappaAspire.Viewer.Kafka;

/// <summary>
/// Whether the viewer is getting data from Kafka, as the page shows it: <c>connecting</c> until the first sign of a
/// broker, <c>live</c> while librdkafka reports a broker up (or records arrive), <c>reconnecting</c> after a transport
/// error, when every broker is down, or when the consumer has been silent for <see cref="ViewerOptions.StaleAfter"/>.
/// </summary>
/// <remarks>
/// Fed from librdkafka's error and statistics callbacks (which the consume loop serves about once a second) and from
/// each consumed record; read by page updates, which also notice silence.
/// </remarks>
internal sealed partial class KafkaConnectionMonitor
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _staleAfter;
    private readonly ILogger<KafkaConnectionMonitor> _logger;
    private ConnectionStatus _status;
    private long _lastHeardFrom;
    private long _version;

    public KafkaConnectionMonitor(TimeProvider time, IOptions<ViewerOptions> options, ILogger<KafkaConnectionMonitor> logger)
    {
        _time = time;
        _staleAfter = options.Value.StaleAfter;
        _logger = logger;
        _status = new ConnectionStatus(ConnectionStatus.Connecting, "connecting to Kafka", time.GetUtcNow());
        _lastHeardFrom = time.GetTimestamp();
    }

    /// <summary>Increases with every change of state, so a reader can tell whether to send a status event.</summary>
    public long Version
    {
        get
        {
            CheckSilence();
            lock (_gate)
            {
                return _version;
            }
        }
    }

    public ConnectionStatus Current
    {
        get
        {
            CheckSilence();
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>A record arrived: the broker is certainly reachable.</summary>
    public void OnRecord()
    {
        Volatile.Write(ref _lastHeardFrom, _time.GetTimestamp());
        if (Volatile.Read(ref _status).State != ConnectionStatus.Live)
        {
            Transition(ConnectionStatus.Live, "receiving predictions");
        }
    }

    /// <summary>librdkafka's error callback: transport trouble means we are reconnecting; other errors are only logged.</summary>
    public void OnError(Error error)
    {
        if (IsConnectivityError(error))
        {
            Transition(ConnectionStatus.Reconnecting, error.Reason);
        }
        else
        {
            LogKafkaError(_logger, error.Code, error.Reason);
        }
    }

    /// <summary>librdkafka's statistics (JSON): live when any real broker connection is up.</summary>
    public void OnStatistics(string json)
    {
        Volatile.Write(ref _lastHeardFrom, _time.GetTimestamp());
        var (brokers, up) = CountBrokers(json);
        if (up > 0)
        {
            Transition(ConnectionStatus.Live, $"connected to {up} of {brokers} broker(s)");
        }
        else if (brokers > 0 && Volatile.Read(ref _status).State != ConnectionStatus.Connecting)
        {
            Transition(ConnectionStatus.Reconnecting, $"0 of {brokers} broker(s) reachable");
        }
    }

    /// <summary>Counts brokers in a statistics document and how many are <c>UP</c>, leaving out librdkafka's internal and logical entries.</summary>
    internal static (int Brokers, int Up) CountBrokers(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (!document.RootElement.TryGetProperty("brokers", out var brokers) || brokers.ValueKind != JsonValueKind.Object)
        {
            return (0, 0);
        }

        int total = 0, up = 0;
        foreach (var broker in brokers.EnumerateObject())
        {
            // "internal" is librdkafka's own pseudo-broker and "logical" ones (the group coordinator) mirror a real one.
            if (broker.Value.TryGetProperty("source", out var source) && source.GetString() is "internal" or "logical")
            {
                continue;
            }

            total++;
            if (broker.Value.TryGetProperty("state", out var state) && state.GetString() == "UP")
            {
                up++;
            }
        }
        return (total, up);
    }

    internal static bool IsConnectivityError(Error error) => error.IsFatal || error.Code is
        ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport or ErrorCode.Local_Resolve
        or ErrorCode.Local_TimedOut or ErrorCode.BrokerNotAvailable or ErrorCode.NetworkException
        or ErrorCode.Local_Authentication or ErrorCode.Local_Ssl;

    private void CheckSilence()
    {
        var silence = _time.GetElapsedTime(Volatile.Read(ref _lastHeardFrom));
        if (silence > _staleAfter && Volatile.Read(ref _status).State == ConnectionStatus.Live)
        {
            Transition(ConnectionStatus.Reconnecting, $"no word from Kafka for {silence.TotalSeconds:0} s");
        }
    }

    private void Transition(string state, string detail)
    {
        lock (_gate)
        {
            if (_status.State == state)
            {
                return; // keep "since" and the first detail of the state
            }

            var previous = _status.State;
            _status = new ConnectionStatus(state, detail, _time.GetUtcNow());
            _version++;
            if (state == ConnectionStatus.Reconnecting)
            {
                LogLost(_logger, previous, detail);
            }
            else
            {
                LogState(_logger, state, previous, detail);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka connection {PreviousState} -> reconnecting: {Detail}")]
    private static partial void LogLost(ILogger logger, string previousState, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kafka connection {PreviousState} -> {State}: {Detail}")]
    private static partial void LogState(ILogger logger, string state, string previousState, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kafka consumer error {Code}: {Reason}")]
    private static partial void LogKafkaError(ILogger logger, ErrorCode code, string reason);
}
