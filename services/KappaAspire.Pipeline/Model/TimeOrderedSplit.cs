namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Training, validation and holdout sets cut by time, never shuffled: the model is always judged on readings
/// later than any it learnt from, as it will be in production. Cold-start examples (window not yet full) are left out.
/// </summary>
public sealed record TimeOrderedSplit(
    IReadOnlyList<LabeledExample> Training,
    IReadOnlyList<LabeledExample> Validation,
    IReadOnlyList<LabeledExample> Holdout)
{
    public static TimeOrderedSplit Create(IReadOnlyList<LabeledExample> examples, double validationFraction, double holdoutFraction)
    {
        if (validationFraction <= 0 || holdoutFraction <= 0 || validationFraction + holdoutFraction >= 1)
        {
            throw new ArgumentException($"Fractions must be positive and leave room for training (validation {validationFraction}, holdout {holdoutFraction}).");
        }

        // OrderBy is stable: readings with equal timestamps keep their log order.
        var ordered = examples.Where(e => e.Features.IsWarm).OrderBy(e => e.Timestamp).ToArray();
        var holdoutStart = (int)Math.Round(ordered.Length * (1 - holdoutFraction));
        var validationStart = (int)Math.Round(ordered.Length * (1 - holdoutFraction - validationFraction));
        return new TimeOrderedSplit(
            ordered[..validationStart],
            ordered[validationStart..holdoutStart],
            ordered[holdoutStart..]);
    }
}
