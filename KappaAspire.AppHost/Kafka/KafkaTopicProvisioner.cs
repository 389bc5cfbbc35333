using System.Diagnostics;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KappaAspire.AppHost.Kafka;

/// <summary>
/// Creates the declared topics that do not exist yet, when Kafka becomes ready. Aspire starts resources that wait for
/// Kafka only after this completes, so they always find their topics. Existing topics are never changed.
/// </summary>
internal static class KafkaTopicProvisioner
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(10);

    public static async Task CreateTopicsAsync(KafkaServerResource kafka, ResourceReadyEvent @event, CancellationToken cancellationToken)
    {
        if (kafka.Topics.Count == 0)
        {
            return;
        }

        // Shown in the Kafka resource's console log in the dashboard.
        var log = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(kafka);
        var clientLog = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(KafkaTopicProvisioner));
        var connectionString = await kafka.ConnectionStringExpression.GetValueAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DistributedApplicationException($"Kafka resource '{kafka.Name}' has no connection string.");

        using var admin = KafkaAdmin.Create(connectionString, clientLog);

        var existing = await GetPartitionCountsAsync(admin, cancellationToken).ConfigureAwait(false);
        foreach (var topic in kafka.Topics.Where(t => existing.TryGetValue(t.Name, out var count) && count != t.Partitions))
        {
            log.LogWarning("Topic {Topic} exists with {Actual} partitions, not the {Declared} declared; it is left as it is.",
                topic.Name, existing[topic.Name], topic.Partitions);
        }

        var missing = kafka.Topics.Where(t => !existing.ContainsKey(t.Name)).ToList();
        if (missing.Count == 0)
        {
            log.LogInformation("Topics {Topics} exist.", string.Join(", ", kafka.Topics.Select(t => t.Name)));
            return;
        }

        await CreateAsync(admin, missing).ConfigureAwait(false);
        await WaitUntilVisibleAsync(admin, missing, cancellationToken).ConfigureAwait(false);
        log.LogInformation("Created topics {Topics}.", string.Join(", ", missing.Select(t => $"{t.Name} ({t.Partitions} partitions)")));
    }

    private static async Task CreateAsync(IAdminClient admin, IReadOnlyList<KafkaTopic> topics)
    {
        var specifications = topics.Select(t => new TopicSpecification
        {
            Name = t.Name,
            NumPartitions = t.Partitions,
            ReplicationFactor = t.ReplicationFactor,
        });

        try
        {
            await admin.CreateTopicsAsync(specifications, new CreateTopicsOptions
            {
                RequestTimeout = RequestTimeout,
                OperationTimeout = RequestTimeout,
            }).ConfigureAwait(false);
        }
        catch (CreateTopicsException ex)
        {
            // Created meanwhile by someone else (a service, auto-creation): exactly what was wanted.
            var failures = ex.Results.Where(r => r.Error.Code is not (ErrorCode.NoError or ErrorCode.TopicAlreadyExists)).ToList();
            if (failures.Count > 0)
            {
                throw new DistributedApplicationException(
                    "Could not create Kafka topics: " + string.Join("; ", failures.Select(r => $"{r.Topic}: {r.Error.Reason}")), ex);
            }
        }
    }

    /// <summary>A created topic can take a moment to appear in metadata; services must see it when they start.</summary>
    private static async Task WaitUntilVisibleAsync(IAdminClient admin, IReadOnlyList<KafkaTopic> topics, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var existing = await GetPartitionCountsAsync(admin, cancellationToken).ConfigureAwait(false);
            var invisible = topics.Where(t => !existing.ContainsKey(t.Name)).Select(t => t.Name).ToList();
            if (invisible.Count == 0)
            {
                return;
            }

            if (waited.Elapsed > VisibilityTimeout)
            {
                throw new DistributedApplicationException($"Kafka accepted topics {string.Join(", ", invisible)} but they are not in its metadata.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }
    }

    private static Task<Dictionary<string, int>> GetPartitionCountsAsync(IAdminClient admin, CancellationToken cancellationToken) =>
        Task.Run(() => admin.GetMetadata(RequestTimeout).Topics
            .Where(t => t.Error.Code == ErrorCode.NoError)
            .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal), cancellationToken);
}
