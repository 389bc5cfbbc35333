using System.Globalization;

namespace KappaAspire.Pipeline.Packaging;

/// <summary>Model versions are <c>v</c> plus a zero-padded sequence number (<c>v0003</c>), so they sort as text.</summary>
public static class ModelVersion
{
    public static string Format(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(number);
        return string.Create(CultureInfo.InvariantCulture, $"v{number:D4}");
    }

    public static bool TryParse(string? version, out int number)
    {
        number = 0;
        return version is ['v', .. var digits]
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && number > 0;
    }

    /// <summary>The version after the highest of <paramref name="existing"/>; <c>v0001</c> when there is none.</summary>
    public static string Next(IEnumerable<string> existing) =>
        Format(existing.Select(v => TryParse(v, out var n) ? n : 0).DefaultIfEmpty(0).Max() + 1);
}
