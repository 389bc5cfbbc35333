using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace KappaAspire.Pipeline.Contracts;

/// <summary>
/// Whether a reading is really anomalous, as known to the simulator or a labelled CSV.
/// Carried in the <see cref="PipelineHeaders.Truth"/> header as <c>normal</c>, <c>anomaly</c> or <c>anomaly:&lt;kind&gt;</c>.
/// </summary>
public readonly record struct GroundTruth(bool IsAnomaly, AnomalyKind? Kind)
{
    private const string NormalText = "normal";
    private const string AnomalyText = "anomaly";

    public static GroundTruth Normal => new(false, null);

    public static GroundTruth Anomaly(AnomalyKind kind) => new(true, kind);

    /// <summary>The header value: <c>normal</c>, <c>anomaly</c> or e.g. <c>anomaly:spike</c>.</summary>
    public string ToHeaderValue() => !IsAnomaly ? NormalText
        : Kind is { } kind ? $"{AnomalyText}:{KindName(kind)}" : AnomalyText;

    /// <summary>The short label used in <see cref="Prediction.AnomalyKind"/>: <c>normal</c>, <c>anomaly</c> or the kind.</summary>
    public string ToLabel() => !IsAnomaly ? NormalText : Kind is { } kind ? KindName(kind) : AnomalyText;

    public override string ToString() => ToHeaderValue();

    public static string KindName(AnomalyKind kind) => kind switch
    {
        AnomalyKind.Spike => "spike",
        AnomalyKind.Drift => "drift",
        AnomalyKind.Stuck => "stuck",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParseKind(ReadOnlySpan<char> text, out AnomalyKind kind)
    {
        foreach (var candidate in Enum.GetValues<AnomalyKind>())
        {
            if (text.Equals(KindName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Parses a header value; also accepts a bare kind (<c>spike</c>) as a CSV label convenience.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out GroundTruth truth)
    {
        text = text.Trim();
        truth = default;
        if (text.Equals(NormalText, StringComparison.OrdinalIgnoreCase))
        {
            truth = Normal;
            return true;
        }

        if (text.Equals(AnomalyText, StringComparison.OrdinalIgnoreCase))
        {
            truth = new GroundTruth(true, null);
            return true;
        }

        if (text.StartsWith(AnomalyText + ":", StringComparison.OrdinalIgnoreCase))
        {
            text = text[(AnomalyText.Length + 1)..];
        }

        if (TryParseKind(text, out var kind))
        {
            truth = Anomaly(kind);
            return true;
        }

        return false;
    }

    /// <summary>Parses a header value straight from its Kafka bytes.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8, out GroundTruth truth)
    {
        Span<char> chars = stackalloc char[32];
        if (utf8.Length > chars.Length)
        {
            truth = default;
            return false;
        }

        var count = Encoding.UTF8.GetChars(utf8, chars);
        return TryParse(chars[..count], out truth);
    }

    public static GroundTruth Parse(string text) =>
        TryParse(text.AsSpan(), out var truth) ? truth : throw new FormatException($"'{text}' is not a ground-truth label (normal, anomaly or anomaly:spike|drift|stuck).");

    public static bool TryParse([NotNullWhen(true)] string? text, out GroundTruth truth)
    {
        truth = default;
        return text is not null && TryParse(text.AsSpan(), out truth);
    }
}
