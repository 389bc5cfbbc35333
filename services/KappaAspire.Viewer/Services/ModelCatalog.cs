using KappaAspire.Pipeline.Catalog;
using KappaAspire.Pipeline.Model.Monitoring;
using KappaAspire.Viewer.View;
using Microsoft.Extensions.Options;

namespace KappaAspire.Viewer.Services;

/// <summary>The latest answer from the trainer's model list, for the page; thread-safe.</summary>
internal sealed class ModelCatalog
{
    /// <summary>History rows the page shows; the trainer keeps every version.</summary>
    public const int MaxModels = 20;

    private ModelCatalogView _current;
    private long _version;

    public ModelCatalog(IOptions<ViewerOptions> options) =>
        _current = string.IsNullOrWhiteSpace(options.Value.TrainerUrl)
            ? new ModelCatalogView(ModelCatalogView.Disabled, null, [], "no trainer configured (Viewer:TrainerUrl)", null)
            : new ModelCatalogView(ModelCatalogView.Unavailable, null, [], "not asked yet", null);

    public ModelCatalogView Current => Volatile.Read(ref _current);

    /// <summary>Increases whenever <see cref="Current"/> changes in a way the page shows.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The score reference of <paramref name="version"/> as the trainer listed it; null when unknown or it has none.</summary>
    public ScoreReference? ReferenceFor(string version) =>
        Current.Models.FirstOrDefault(m => m.Version == version)?.ScoreReference;

    public void SetAvailable(ModelList list, DateTimeOffset checkedAt)
    {
        var models = (list.Models ?? []).Take(MaxModels).ToArray();
        Set(new ModelCatalogView(ModelCatalogView.Available, list.Promoted, models, null, checkedAt));
    }

    public void SetUnavailable(string error, DateTimeOffset checkedAt) =>
        Set(new ModelCatalogView(ModelCatalogView.Unavailable, null, [], error, checkedAt));

    private void Set(ModelCatalogView next)
    {
        var previous = Interlocked.Exchange(ref _current, next);
        if (!SameForThePage(previous, next))
        {
            Interlocked.Increment(ref _version);
        }
    }

    // CheckedAt moves on every poll; only a change of content is worth an event.
    private static bool SameForThePage(ModelCatalogView a, ModelCatalogView b) =>
        a.State == b.State && a.Promoted == b.Promoted && a.Error == b.Error && a.Models.SequenceEqual(b.Models, ModelSummaryComparer.Instance);

    private sealed class ModelSummaryComparer : IEqualityComparer<ModelSummary>
    {
        public static readonly ModelSummaryComparer Instance = new();

        public bool Equals(ModelSummary? x, ModelSummary? y) =>
            x is not null && y is not null && x.Version == y.Version && x.IsPromoted == y.IsPromoted && x.CreatedAt == y.CreatedAt;

        public int GetHashCode(ModelSummary obj) => obj.Version.GetHashCode(StringComparison.Ordinal);
    }
}
