namespace KappaAspire.Trainer.Registry;

/// <summary>
/// The registry's small mutable state, kept beside the immutable <c>&lt;version&gt;.kpkg</c> files in <c>registry.json</c>:
/// which versions were promoted, in order (the last one serves; rollback steps back), and why each candidate was or was not.
/// </summary>
/// <param name="PromotionHistory">Versions in the order they were promoted; the last is the promoted one.</param>
/// <param name="Decisions">Per version, the promotion decision taken when it was trained.</param>
internal sealed record RegistryIndex(List<string> PromotionHistory, Dictionary<string, string> Decisions)
{
    public static RegistryIndex Empty() => new([], new Dictionary<string, string>(StringComparer.Ordinal));

    public string? Promoted => PromotionHistory.Count > 0 ? PromotionHistory[^1] : null;
}
