using KappaAspire.Pipeline.Contracts;
using KappaAspire.Pipeline.Features;
using KappaAspire.Pipeline.Model;

namespace KappaAspire.Pipeline.Tests;

/// <summary>
/// A meter that idles at exactly zero and reports routine bursts of any size (disk writes, a pump), as NAB's server
/// metrics do: next to an idle window each burst is a huge surprise, and they are routine.
/// </summary>
public sealed class IntermittentMeterTests
{
    private static List<SensorReading> Readings(int count, int seed)
    {
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count).Select(i =>
        {
            // One reading in ten is a burst, its size log-normal over three orders of magnitude.
            var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var power = random.NextDouble() < 0.1 ? Math.Round(Math.Exp(8 + 2 * gaussian)) : 0;
            return new SensorReading("disk", start.AddMinutes(5 * i), 20, 50, power);
        }).ToList();
    }

    [Fact]
    public void Routine_bursts_stay_within_the_false_alarm_budget_on_new_readings()
    {
        var store = new SensorStateStore();
        var history = Readings(6000, seed: 1).Select(r => LabeledExample.From(store, r, truth: null)).ToList();
        var scorer = DetectorTrainer.Train(history).Detector.CreateScorer();

        var fresh = Readings(4000, seed: 2);
        var alarms = fresh.Count(r => scorer.Score(FeatureExtractor.Extract(store, r), r.Power).IsAnomaly);

        // Every reading is normal; the budget is 0.5 %: allow for the sampling noise of 4,000 readings (±0.2 %).
        var budget = new DetectorTrainingOptions().FalseAlarmBudget;
        Assert.True(alarms <= (budget + 0.002) * fresh.Count, $"{alarms} alarms on {fresh.Count} normal readings");
    }
}
