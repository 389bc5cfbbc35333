namespace KappaAspire.Pipeline.Catalog;

/// <summary>The body of <c>GET /models</c> and of promote/rollback: every version, newest first, and the promoted one.</summary>
public sealed record ModelList(string? Promoted, IReadOnlyList<ModelSummary> Models);
