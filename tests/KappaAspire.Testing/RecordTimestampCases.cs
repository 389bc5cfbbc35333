using System.Globalization;
using System.Text;

namespace KappaAspire.Testing;

/// <summary>
/// Records whose verdict hangs on timestamps, each with the verdict every reader of the log must reach: inference live,
/// the trainer's replay, today or in a year. The inference and trainer suites write these same records and hold their
/// services to these same expectations, so replay and live cannot drift apart unnoticed. The dates are fixed on purpose:
/// the verdicts must not depend on when the tests run.
/// </summary>
public static class RecordTimestampCases
{
    /// <param name="Name">What the case is about.</param>
    /// <param name="SensorId">The reading's sensor, also the record key; one per case.</param>
    /// <param name="RecordTimestamp">The record's create time, set by the producer.</param>
    /// <param name="ReadingTimestamp">The timestamp inside the reading.</param>
    /// <param name="Error">The dead-letter error when the reading must be rejected; null when it must be accepted.</param>
    public sealed record Case(string Name, string SensorId, DateTimeOffset RecordTimestamp, DateTimeOffset ReadingTimestamp, string? Error)
    {
        public bool Valid => Error is null;

        /// <summary>The record's value: a reading JSON, valid in every field but the timestamp under test.</summary>
        public byte[] Value => Encoding.UTF8.GetBytes(
            $$"""{"sensorId":"{{SensorId}}","timestamp":"{{ReadingTimestamp.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}","temperature":21.5,"humidity":45,"power":1200}""");
    }

    private static readonly DateTimeOffset LastYear = new(2025, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<Case> All { get; } =
    [
        new("a year-old reading in its year-old record", "time-case-1", LastYear, LastYear.AddHours(-1), null),
        new("a sensor clock hours ahead of its record", "time-case-2", LastYear, LastYear.AddHours(20), null),
        new("a reading days ahead of its record, though long past by any clock", "time-case-3", LastYear, LastYear.AddDays(3),
            "out of range: timestamp 2025-12-04T00:00:00.0000000Z is more than 24 h after its record's timestamp 2025-12-01T00:00:00.0000000Z"),
        new("a reading years ahead of the clock, but not of its record", "time-case-4",
            new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero), null),
    ];

    public static Case Named(string name) => All.Single(c => c.Name == name);
}
