using System.Globalization;
using KappaAspire.Pipeline.Contracts;
using Microsoft.Extensions.Options;

namespace KappaAspire.Producer;

/// <summary>Checks <see cref="ProducerOptions"/> at startup; every message names the setting to fix.</summary>
public sealed class ProducerOptionsValidator : IValidateOptions<ProducerOptions>
{
    private const string Section = ProducerOptions.SectionName;
    private const int MaxSensors = 100_000;

    public ValidateOptionsResult Validate(string? name, ProducerOptions options)
    {
        var failures = new List<string>();

        if (options.MaxRate is not > 0 || !double.IsFinite(options.MaxRate))
        {
            failures.Add(Invariant($"{Section}:MaxRate must be a number > 0; got {options.MaxRate}."));
        }

        if (options.ReadingsPerSecond is not > 0 || options.ReadingsPerSecond > options.MaxRate)
        {
            failures.Add(Invariant($"{Section}:ReadingsPerSecond must be > 0 and <= {Section}:MaxRate ({options.MaxRate}); got {options.ReadingsPerSecond}."));
        }

        if (options.Sensors is < 1 or > MaxSensors)
        {
            failures.Add(Invariant($"{Section}:Sensors must be between 1 and {MaxSensors}; got {options.Sensors}."));
        }

        if (options.AnomalyRate is not (>= 0 and < 0.5))
        {
            failures.Add(Invariant($"{Section}:AnomalyRate must be in [0, 0.5); got {options.AnomalyRate}."));
        }

        // The longest id is prefix + the sensor number; it must pass the same validation as any reading.
        var longestId = options.SensorIdPrefix + options.Sensors.ToString(CultureInfo.InvariantCulture);
        if (longestId.Length > ReadingLimits.MaxSensorIdLength || options.SensorIdPrefix.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            failures.Add($"{Section}:SensorIdPrefix must have no whitespace and leave sensor ids at most {ReadingLimits.MaxSensorIdLength} characters; got '{options.SensorIdPrefix}'.");
        }

        if (options.MaxInFlight < 1)
        {
            failures.Add(Invariant($"{Section}:MaxInFlight must be >= 1; got {options.MaxInFlight}."));
        }

        if (options.SpeedUpFactor is null)
        {
            failures.Add($"{Section}:SpeedUp must be a number >= 0 or 'max' (0 and 'max' replay as fast as possible); got '{options.SpeedUp}'.");
        }

        if (options.Mode == ProducerMode.Replay)
        {
            if (string.IsNullOrWhiteSpace(options.CsvPath))
            {
                failures.Add($"{Section}:CsvPath is required when {Section}:Mode is 'replay'.");
            }
            else if (!File.Exists(options.CsvPath))
            {
                failures.Add($"{Section}:CsvPath '{options.CsvPath}' does not exist (full path '{Path.GetFullPath(options.CsvPath)}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
