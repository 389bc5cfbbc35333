namespace KappaAspire.Pipeline.Contracts;

/// <summary>The kinds of anomaly the simulator injects and the truth header can name.</summary>
public enum AnomalyKind
{
    /// <summary>A sudden large jump for a single reading.</summary>
    Spike,

    /// <summary>An offset that grows over several readings.</summary>
    Drift,

    /// <summary>The sensor repeats one power value while conditions change.</summary>
    Stuck,
}
