using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Simulation;

/// <summary>
/// One sensor's injected anomalies, with their ground truth: <b>spike</b> — one reading at a multiple of the load;
/// <b>drift</b> — an offset growing by 3–6 % of the base load per reading, up or down, for an episode; <b>stuck</b> — the
/// last value repeated for an episode while conditions move on.
/// </summary>
internal sealed class AnomalyEpisodes(Random random, AnomalyEpisodes.Settings settings)
{
    private AnomalyKind? _episode;
    private int _left;
    private int _step;
    private double _driftStep;

    /// <param name="StartProbability">Chance per normal reading that an episode starts.</param>
    /// <param name="KindWeights">Cumulative chances of spike, drift, stuck.</param>
    internal sealed record Settings(double StartProbability, double[] KindWeights, int MinLength, int MaxLength)
    {
        public static Settings For(SensorSimulatorOptions options)
        {
            // Kind weights ∝ 1 / episode length make each kind about a third of anomalous readings;
            // the start probability then makes anomalous readings about AnomalyRate of all.
            var episodeLength = (options.MinEpisodeLength + options.MaxEpisodeLength) / 2.0;
            var inverse = new[] { 1.0, 1 / episodeLength, 1 / episodeLength };
            var sum = inverse.Sum();
            var meanLength = 3 / sum;
            return new Settings(
                options.AnomalyRate / (meanLength * (1 - options.AnomalyRate)),
                [inverse[0] / sum, (inverse[0] + inverse[1]) / sum, 1],
                options.MinEpisodeLength,
                options.MaxEpisodeLength);
        }
    }

    /// <summary>Turns this reading's <paramref name="power"/> into an anomaly when an episode runs, and says which.</summary>
    public GroundTruth Apply(ref double power, double load, double baseLoad, double? lastPower, (double Min, double Max) spike)
    {
        if (_episode is null && lastPower is not null && random.NextDouble() < settings.StartProbability)
        {
            Start(baseLoad);
        }

        if (_episode is not { } kind)
        {
            return GroundTruth.Normal;
        }

        _step++;
        power = kind switch
        {
            AnomalyKind.Spike => load * SensorSimulator.Uniform(random, spike.Min, spike.Max),
            AnomalyKind.Drift => power + _driftStep * _step,
            _ => lastPower!.Value,
        };
        if (--_left == 0)
        {
            _episode = null;
        }

        return GroundTruth.Anomaly(kind);
    }

    private void Start(double baseLoad)
    {
        var pick = random.NextDouble();
        _episode = pick < settings.KindWeights[0] ? AnomalyKind.Spike : pick < settings.KindWeights[1] ? AnomalyKind.Drift : AnomalyKind.Stuck;
        _left = _episode == AnomalyKind.Spike ? 1 : random.Next(settings.MinLength, settings.MaxLength + 1);
        _step = 0;
        _driftStep = baseLoad * SensorSimulator.Uniform(random, 0.03, 0.06) * (random.Next(2) == 0 ? -1 : 1);
    }
}
