using System.Diagnostics.Metrics;

namespace KappaAspire.Viewer.Telemetry;

/// <summary>The <c>KappaAspire.Viewer</c> meter: predictions received and browsers connected.</summary>
internal sealed class ViewerMetrics
{
    public const string MeterName = "KappaAspire.Viewer";

    private static readonly KeyValuePair<string, object?> Anomalous = new("kappa.anomaly", true);
    private static readonly KeyValuePair<string, object?> Normal = new("kappa.anomaly", false);

    private readonly Counter<long> _received;
    private readonly Counter<long> _invalid;
    private readonly UpDownCounter<long> _clients;

    public ViewerMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _received = meter.CreateCounter<long>("kappa.viewer.predictions.received", "{prediction}",
            "Predictions read from iot_predictions into the live view, by whether the model flagged them.");
        _invalid = meter.CreateCounter<long>("kappa.viewer.predictions.invalid", "{record}",
            "Records on iot_predictions that are not a valid prediction (skipped, logged).");
        _clients = meter.CreateUpDownCounter<long>("kappa.viewer.sse.clients", "{client}",
            "Browsers connected to GET /events.");
    }

    public void Received(bool isAnomaly) => _received.Add(1, isAnomaly ? Anomalous : Normal);

    public void Invalid() => _invalid.Add(1);

    public void ClientConnected() => _clients.Add(1);

    public void ClientDisconnected() => _clients.Add(-1);
}
