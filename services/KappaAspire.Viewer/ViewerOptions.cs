using System.ComponentModel.DataAnnotations;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Viewer;

/// <summary>Settings of the viewer, bound from the <c>Viewer</c> configuration section and validated on start.</summary>
public sealed class ViewerOptions : IValidatableObject
{
    public const string SectionName = "Viewer";

    /// <summary>
    /// Records per partition re-read from the end of <c>iot_predictions</c> when the viewer first gets a partition, so
    /// a fresh page shows recent history. 0 starts at the end.
    /// </summary>
    [Range(0, 1_000_000)]
    public int LookbackPerPartition { get; set; } = 500;

    /// <summary>Points kept per sensor for its chart.</summary>
    [Range(8, 10_000)]
    public int PointsPerSensor { get; set; } = 120;

    /// <summary>Sensors with a chart; predictions of further sensors still count and still list their anomalies.</summary>
    [Range(1, 10_000)]
    public int MaxSensors { get; set; } = 256;

    /// <summary>Rows of the recent-anomalies table.</summary>
    [Range(1, 10_000)]
    public int RecentAnomalies { get; set; } = 50;

    /// <summary>Least time between two updates to one browser (250 ms = at most 4 updates per second).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan UpdateInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The sliding window behind readings/s and anomalies/s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this long without statistics or records from the consumer, the page says "reconnecting to Kafka…"
    /// even if librdkafka reported no error (a stuck consume loop looks the same to the viewer's users).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Base address of the trainer's REST API (<c>GET /models</c>); <c>http://trainer</c> is resolved by service discovery
    /// (<c>services:trainer:http:0</c>). Empty disables the model catalog.
    /// </summary>
    public string? TrainerUrl { get; set; } = "http://trainer";

    /// <summary>The dead-letter topic the log view re-drives from (<c>POST /api/log/redrive</c>).</summary>
    [Required]
    public string DeadLetterTopic { get; set; } = Topics.DeadLetter;

    /// <summary>How often the model catalog is fetched from the trainer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan TrainerPollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Longest wait for one <c>GET /models</c>, retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan TrainerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(TrainerUrl)
            && (!Uri.TryCreate(TrainerUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult(
                $"Viewer:TrainerUrl '{TrainerUrl}' must be an absolute http(s) address (e.g. http://trainer) or empty.",
                [nameof(TrainerUrl)]);
        }
    }
}
