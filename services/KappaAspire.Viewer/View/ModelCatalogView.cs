using KappaAspire.Pipeline.Catalog;

namespace KappaAspire.Viewer.View;

/// <summary>What the page knows of the trainer's models.</summary>
/// <param name="State"><c>available</c>, <c>unavailable</c> (the trainer did not answer) or <c>disabled</c> (no trainer configured).</param>
/// <param name="Promoted">The version the trainer promoted (the one inference should be serving).</param>
/// <param name="Models">The most recent versions, newest first.</param>
/// <param name="Error">Why the catalog is unavailable.</param>
/// <param name="CheckedAt">When the trainer was last asked.</param>
public sealed record ModelCatalogView(string State, string? Promoted, IReadOnlyList<ModelSummary> Models, string? Error, DateTimeOffset? CheckedAt)
{
    public const string Available = "available";
    public const string Unavailable = "unavailable";
    public const string Disabled = "disabled";
}
