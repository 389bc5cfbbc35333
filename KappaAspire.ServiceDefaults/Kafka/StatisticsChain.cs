namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>Runs our statistics handler first, then the user's (producer and consumer builders share no base type).</summary>
internal static class StatisticsChain
{
    public static Action<TClient, string> Before<TClient>(Action<TClient, string>? user, Action<string> ours) =>
        user is null
            ? (_, json) => ours(json)
            : (client, json) =>
            {
                ours(json);
                user(client, json);
            };
}
