namespace KappaAspire.Testing;

/// <summary>Awaiting a condition with a deadline instead of sleeping a fixed time.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            if (DateTime.UtcNow >= deadline)
            {
                return false;
            }

            await Task.Delay(Interval);
        }
    }

    public static Task<bool> TrueAsync(Func<bool> condition, TimeSpan timeout) => TrueAsync(() => Task.FromResult(condition()), timeout);
}
