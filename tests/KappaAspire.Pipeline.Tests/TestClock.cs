namespace KappaAspire.Pipeline.Tests;

/// <summary>A clock standing still at a chosen instant.</summary>
internal sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
