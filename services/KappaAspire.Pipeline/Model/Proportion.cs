namespace KappaAspire.Pipeline.Model;

/// <summary>A rate with the counts it rests on and its 95 % Wilson score interval, so 1 of 1 never reads as 1.000.</summary>
/// <param name="Count">Successes (e.g. anomalies found).</param>
/// <param name="Trials">Trials (e.g. anomalies there were).</param>
/// <param name="Value">Count / Trials.</param>
/// <param name="Low">Lower end of the 95 % interval.</param>
/// <param name="High">Upper end of the 95 % interval.</param>
public sealed record Proportion(int Count, int Trials, double Value, double Low, double High)
{
    private const double Z95 = 1.959963984540054;

    /// <summary>The proportion of <paramref name="count"/> in <paramref name="of"/>, or null when there were no trials (nothing to measure).</summary>
    public static Proportion? Of(int count, int of)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, of);
        if (of == 0)
        {
            return null;
        }

        // Wilson (1927): the interval of p for which the observed count is not surprising; sound at 0, at n and for small n.
        double n = of, p = (double)count / of, z2 = Z95 * Z95;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z95 / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new Proportion(count, of, p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    public override string ToString() => FormattableString.Invariant($"{Value:F3} [{Low:F3}, {High:F3}] ({Count}/{Trials})");
}
