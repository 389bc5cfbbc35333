namespace KappaAspire.Pipeline.Model;

/// <summary>Whether to promote a candidate model, and why (for logs and the registry).</summary>
public sealed record PromotionDecision(bool Promote, string Reason);
