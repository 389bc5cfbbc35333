using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace KappaAspire.ServiceDefaults.Kafka;

/// <summary>The <see cref="ConsumerBuilder{TKey, TValue}"/> counterpart of <see cref="InstrumentedProducerBuilder{TKey, TValue}"/>.</summary>
internal sealed class InstrumentedConsumerBuilder<TKey, TValue>(IEnumerable<KeyValuePair<string, string>> config)
    : ConsumerBuilder<TKey, TValue>(config)
{
    public void ChainStatisticsHandler(Action<string> handler) => StatisticsHandler = StatisticsChain.Before(StatisticsHandler, handler);

    /// <summary>Sends librdkafka's logs to <paramref name="logger"/> unless the user chose a log handler.</summary>
    public void RouteLogsTo(ILogger logger) => LogHandler ??= (_, message) => KafkaClientFactory.Log(logger, message);
}
