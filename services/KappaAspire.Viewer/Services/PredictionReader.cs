using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Viewer.Services;

/// <summary>Turns the value of an <c>iot_predictions</c> record into a <see cref="Prediction"/>, or says why it cannot.</summary>
internal static class PredictionReader
{
    public static bool TryRead(byte[]? value, [NotNullWhen(true)] out Prediction? prediction, [NotNullWhen(false)] out string? error)
    {
        prediction = null;
        if (value is null || value.Length == 0)
        {
            error = "empty value";
            return false;
        }

        Prediction? read;
        try
        {
            read = JsonSerializer.Deserialize(value, PipelineJsonContext.Default.Prediction);
        }
        catch (JsonException ex)
        {
            error = $"malformed JSON: {ex.Message}";
            return false;
        }

        error = read switch
        {
            null => "malformed JSON: null",
            { SensorId: null or "" } => "missing field: sensorId",
            { ModelVersion: null } => "missing field: modelVersion",
            _ when !double.IsFinite(read.Power) || !double.IsFinite(read.ExpectedPower) || !double.IsFinite(read.Score) =>
                "out of range: power, expectedPower and score must be finite",
            _ => null,
        };
        prediction = error is null ? read : null;
        return error is null;
    }
}
