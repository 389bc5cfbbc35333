using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KappaAspire.AppHost.Kafka;

/// <summary>
/// Gives the Kafka resource, which the orchestrator does not run itself, the state of the broker that runs it.
/// Aspire's health monitoring takes over once Kafka is <c>Running</c>: the Kafka health check, then the ready event
/// that creates the topics, then the resources waiting for Kafka.
/// </summary>
internal static class KafkaResourceLifecycle
{
    public static async Task FollowBrokerAsync(KafkaServerResource kafka, InitializeResourceEvent @event, CancellationToken cancellationToken)
    {
        var notifications = @event.Notifications;
        await notifications.PublishUpdateAsync(kafka, s => s with
        {
            Properties = s.Properties
                .RemoveAll(p => p.Name == "kafka.topics")
                .Add(new ResourcePropertySnapshot("kafka.topics", string.Join(", ", kafka.Topics.Select(t => $"{t.Name} ({t.Partitions})")))),
        }).ConfigureAwait(false);

        if (kafka.Broker is not { } broker)
        {
            // External: nothing to start. The health check tells whether the cluster answers.
            await @event.Eventing.PublishAsync(new ConnectionStringAvailableEvent(kafka, @event.Services), cancellationToken).ConfigureAwait(false);
            await notifications.PublishUpdateAsync(kafka, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            }).ConfigureAwait(false);
            return;
        }

        string? followed = null;
        var connectionStringPublished = false;
        try
        {
            await foreach (var change in notifications.WatchAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!ReferenceEquals(change.Resource, broker))
                {
                    continue;
                }

                var brokerSnapshot = change.Snapshot;
                var state = StateFor(brokerSnapshot.State?.Text, brokerSnapshot.HealthStatus, followed);
                if (state is null || state == followed)
                {
                    continue;
                }

                if (state == KnownResourceStates.Running && !connectionStringPublished)
                {
                    // The broker's endpoints are allocated by now; this puts the connection string in the dashboard.
                    await @event.Eventing.PublishAsync(new ConnectionStringAvailableEvent(kafka, @event.Services), cancellationToken).ConfigureAwait(false);
                    connectionStringPublished = true;
                }

                followed = state;
                await notifications.PublishUpdateAsync(kafka, s => s with
                {
                    State = state == brokerSnapshot.State?.Text ? brokerSnapshot.State : state,
                    StartTimeStamp = brokerSnapshot.StartTimeStamp,
                    StopTimeStamp = brokerSnapshot.StopTimeStamp,
                    ExitCode = brokerSnapshot.ExitCode,
                }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }

    /// <summary>
    /// The Kafka state for a broker snapshot: the broker's own state, except that a broker that runs but has not yet
    /// passed its readiness check (storage recovered, listener accepting) still counts as starting. Once Kafka runs, it
    /// keeps running while the broker does; its own health check reports a broker that stops answering.
    /// </summary>
    internal static string? StateFor(string? brokerState, HealthStatus? brokerHealth, string? current) =>
        brokerState == KnownResourceStates.Running && current != KnownResourceStates.Running && brokerHealth != HealthStatus.Healthy
            ? KnownResourceStates.Starting
            : brokerState;
}
