using System.Text.Json;

namespace KappaAspire.Bench.Nab;

/// <summary>
/// A NAB application profile: the weights NAB's paper calls A_TP, A_FP, A_TN and A_FN, kept as the positive magnitudes
/// <c>profiles.json</c> holds (the scorer applies the signs).
/// </summary>
/// <param name="TpWeight">A_TP: the most an early detection in a window earns.</param>
/// <param name="FpWeight">A_FP: the most a detection outside every window costs.</param>
/// <param name="TnWeight">A_TN: in NAB's files but unused by its scoring (true negatives earn nothing); kept for completeness.</param>
/// <param name="FnWeight">A_FN: what a window without any detection costs.</param>
public sealed record NabProfile(string Name, double TpWeight, double FpWeight, double TnWeight, double FnWeight)
{
    public static readonly NabProfile Standard = new("standard", 1.0, 0.11, 1.0, 1.0);
    public static readonly NabProfile RewardLowFpRate = new("reward_low_FP_rate", 1.0, 0.22, 1.0, 1.0);
    public static readonly NabProfile RewardLowFnRate = new("reward_low_FN_rate", 1.0, 0.11, 1.0, 2.0);

    /// <summary>NAB's three profiles with its published weights.</summary>
    public static IReadOnlyList<NabProfile> Defaults { get; } = [Standard, RewardLowFpRate, RewardLowFnRate];

    /// <summary>The profiles in <c>DIR/profiles.json</c> (NAB's format) when there is one, else <see cref="Defaults"/>.</summary>
    public static IReadOnlyList<NabProfile> Load(string directory)
    {
        var path = Path.Combine(directory, "profiles.json");
        return File.Exists(path) ? Read(path) : Defaults;
    }

    /// <summary>Reads NAB's format: <c>{ "name": { "CostMatrix": { "tpWeight": .., "fpWeight": .., "tnWeight": .., "fnWeight": .. } } }</c>.</summary>
    public static IReadOnlyList<NabProfile> Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            return document.RootElement.EnumerateObject().Select(p => FromJson(path, p)).ToArray();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path}: not NAB's profiles format ({e.Message}).", e);
        }
    }

    private static NabProfile FromJson(string path, JsonProperty profile)
    {
        if (!profile.Value.TryGetProperty("CostMatrix", out var costs))
            throw new InvalidDataException($"{path}: profile '{profile.Name}' has no CostMatrix.");
        double Weight(string name) => costs.TryGetProperty(name, out var w) && w.ValueKind == JsonValueKind.Number
            ? w.GetDouble()
            : throw new InvalidDataException($"{path}: profile '{profile.Name}' has no number '{name}'.");
        return new NabProfile(profile.Name, Weight("tpWeight"), Weight("fpWeight"), Weight("tnWeight"), Weight("fnWeight"));
    }
}
