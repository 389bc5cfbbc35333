using Confluent.Kafka;

namespace KappaAspire.Producer.Extensions;

/// <summary>
/// Sends librdkafka's log lines to <c>ILogger</c> (category <c>KappaAspire.Kafka</c>, as ServiceDefaults does) naming the
/// client from the log message itself.
/// </summary>
/// <remarks>
/// ServiceDefaults' default handler reads <c>IClient.Name</c>, which calls into the native handle; librdkafka still logs
/// while the handle is being destroyed, and that call then crashes the process (SIGSEGV) on dispose. Setting our own
/// handler here keeps the default from being installed.
/// </remarks>
internal static partial class KafkaLogRouting
{
    public static ProducerBuilder<TKey, TValue> RouteLogsTo<TKey, TValue>(this ProducerBuilder<TKey, TValue> builder, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("KappaAspire.Kafka");
        return builder.SetLogHandler((_, message) =>
        {
            var level = (LogLevel)message.LevelAs(LogLevelType.MicrosoftExtensionsLogging);
            if (logger.IsEnabled(level))
            {
                LogLibrdkafka(logger, level, message.Name, message.Facility, message.Message);
            }
        });
    }

    [LoggerMessage(EventId = 1, Message = "librdkafka {ClientName} {Facility}: {KafkaMessage}")]
    private static partial void LogLibrdkafka(ILogger logger, LogLevel level, string clientName, string facility, string kafkaMessage);
}
