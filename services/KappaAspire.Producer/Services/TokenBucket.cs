namespace KappaAspire.Producer.Services;

/// <summary>
/// Paces a rate in batches: each tick adds rate × elapsed tokens and hands out the whole ones, so the rate holds at
/// tens of thousands per second without a timer per message, and fractions carry over at low rates.
/// </summary>
/// <param name="burst">
/// At most this much time's worth of tokens is kept: a short stall is made up, a long one (a stopped debugger, a
/// starved machine) is not turned into a flood.
/// </param>
public sealed class TokenBucket(TimeSpan burst)
{
    private double _tokens;

    /// <summary>How many to send now, after <paramref name="elapsed"/> at <paramref name="perSecond"/>.</summary>
    public int Take(double perSecond, TimeSpan elapsed)
    {
        var capacity = Math.Max(1, perSecond * burst.TotalSeconds);
        _tokens = Math.Min(_tokens + perSecond * elapsed.TotalSeconds, capacity);
        var whole = Math.Floor(_tokens);
        _tokens -= whole;
        return (int)whole;
    }

    /// <summary>Forgets accumulated tokens (after a pause nothing is owed).</summary>
    public void Reset() => _tokens = 0;
}
