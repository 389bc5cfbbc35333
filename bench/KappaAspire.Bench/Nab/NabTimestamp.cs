using System.Globalization;

namespace KappaAspire.Bench.Nab;

/// <summary>NAB's timestamp text: <c>yyyy-MM-dd HH:mm:ss</c> in data files, with microseconds in the labels file; always UTC.</summary>
internal static class NabTimestamp
{
    private static readonly string[] Formats = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF"];

    public static bool TryParse(string text, out DateTime utc) =>
        DateTime.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out utc);
}
