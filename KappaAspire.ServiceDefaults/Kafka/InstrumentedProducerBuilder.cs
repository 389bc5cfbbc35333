using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>
/// A <see cref="ProducerBuilder{TKey, TValue}"/> that can add our handlers after the user configured theirs
/// (the public setters throw when a handler is already set).
/// </summary>
internal sealed class InstrumentedProducerBuilder<TKey, TValue>(IEnumerable<KeyValuePair<string, string>> config)
    : ProducerBuilder<TKey, TValue>(config)
{
    public void ChainStatisticsHandler(Action<string> handler) => StatisticsHandler = StatisticsChain.Before(StatisticsHandler, handler);

    /// <summary>Sends librdkafka's logs to <paramref name="logger"/> unless the user chose a log handler.</summary>
    public void RouteLogsTo(ILogger logger) => LogHandler ??= (_, message) => KafkaClientFactory.Log(logger, message);
}
