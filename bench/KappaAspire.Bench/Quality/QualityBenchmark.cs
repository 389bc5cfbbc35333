using System.Diagnostics;
using System.Globalization;
using System.Text;
using KappaAspire.Bench.Nab;
using KappaAspire.Pipeline.Model;
using KappaAspire.Pipeline.Simulation;

namespace KappaAspire.Bench.Quality;

/// <summary>
/// <c>bench quality [--nab DIR] [--readings-per-sensor N] [--false-alarm-budget B] [--record]</c>: how good the product's anomaly verdicts are,
/// streamed through the same library code the services run (see <see cref="StreamingEvaluation"/>). Simulator fleets
/// (default, default without anomalies, realistic) report precision, recall, F1, recall per kind and false alarms per
/// 1,000 normal readings over the stream, and the last model's holdout; <c>--nab DIR</c> scores any directory in NAB's
/// layout with NAB's scorer, for the product's own alarms and for its raw score (<see cref="AnomalyScore.Severity"/>) at the corpus-optimal threshold.
/// Ends with one <c>key=value</c> line per figure. <c>--false-alarm-budget</c> trains as the trainer does with
/// <c>Trainer:Detector:FalseAlarmBudget</c> set to B (default 0.005): how the figures move with the user's one knob.
/// </summary>
internal static class QualityBenchmark
{
    private const int FirstModelReadings = 3_000; // about what a fresh start has when the trainer's first model trains

    public static Task<int> RunAsync(string[] args, bool record)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var perSensor = int.TryParse(Value("--readings-per-sensor"), out var n) ? n : 6_000;
        var nab = Value("--nab");
        if (args.Contains("--nab") && nab is null)
        {
            Console.Error.WriteLine("--nab needs a directory in NAB's layout (DIR/data/<category>/*.csv, DIR/labels/combined_windows.json).");
            return Task.FromResult(2);
        }

        var budgetText = Value("--false-alarm-budget");
        var budget = new DetectorTrainingOptions().FalseAlarmBudget;
        if (budgetText is not null && !(double.TryParse(budgetText, NumberStyles.Float, CultureInfo.InvariantCulture, out budget) && budget is > 0 and < 0.5))
        {
            Console.Error.WriteLine($"--false-alarm-budget needs a share of normal readings in (0, 0.5), e.g. 0.005; got '{budgetText}'.");
            return Task.FromResult(2);
        }

        var training = new DetectorTrainingOptions { FalseAlarmBudget = budget };
        var figures = new List<(string Key, double Value)>();
        var report = new StringBuilder();
        report.AppendLine(Invariant($"Quality: streamed, each reading scored by the model serving then; first model at {FirstModelReadings:N0} readings, retrained when the log doubles; false-alarm budget {budget:0.####}"));
        report.AppendLine();
        report.AppendLine("| stream | readings scored | precision | recall | F1 | recall spike / drift / stuck | false alarms per 1,000 normal | last model's holdout F1 | trainings (promoted) |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|");
        Simulated("sim.default", new SensorSimulatorOptions(), perSensor, training, figures, report);
        Simulated("sim.no_anomalies", new SensorSimulatorOptions { AnomalyRate = 0 }, perSensor, training, figures, report);
        Simulated("sim.realistic", new SensorSimulatorOptions { Profile = SimulatorProfile.Realistic }, perSensor, training, figures, report);
        Simulated("sim.realistic_no_anomalies", new SensorSimulatorOptions { Profile = SimulatorProfile.Realistic, AnomalyRate = 0 }, perSensor, training, figures, report);
        if (nab is not null)
        {
            NabCorpusRun(nab, training, figures, report);
        }

        Console.WriteLine(report);
        if (record)
        {
            BenchRecord.Record("Quality", "quality " + string.Join(' ', args), report.ToString());
        }

        foreach (var (key, value) in figures)
        {
            Console.WriteLine(Invariant($"{key}={value:0.####}"));
        }

        return Task.FromResult(0);
    }

    private static void Simulated(string name, SensorSimulatorOptions options, int perSensor, DetectorTrainingOptions training, List<(string, double)> figures, StringBuilder report)
    {
        var stopwatch = Stopwatch.StartNew();
        var log = new SensorSimulator(options).Generate((long)options.SensorCount * perSensor);
        var result = StreamingEvaluation.Run(log, new StreamingEvaluation.RetrainPolicy(FirstModelReadings), training, useLabels: true);
        var metrics = StreamMetrics.Of(result.Outcomes);
        var last = result.Trainings.LastOrDefault(t => t.Promoted);
        var perThousand = StreamMetrics.AlarmsPerThousandNormal(metrics);

        string Kind(string kind) => metrics.RecallByKind?.TryGetValue(kind, out var r) == true ? Invariant($"{r.Value:F3} ({r.Count}/{r.Trials})") : "n/a";
        report.AppendLine(Invariant(
            $"| {name} | {metrics.Examples:N0} | {Text(metrics.Precision)} | {Text(metrics.Recall)} | {(metrics.F1 is { } f1 ? f1.ToString("F3", CultureInfo.InvariantCulture) : "n/a")} | {Kind("spike")} / {Kind("drift")} / {Kind("stuck")} | {perThousand:F2} ({metrics.FalsePositives}/{metrics.FalsePositives + metrics.TrueNegatives}) | {(last?.Holdout.F1 is { } h ? h.ToString("F3", CultureInfo.InvariantCulture) : "n/a")} | {result.Trainings.Count} ({result.Trainings.Count(t => t.Promoted)}) |"));
        Console.Error.WriteLine(Invariant($"{name}: {stopwatch.Elapsed.TotalSeconds:F1} s; trainings at {string.Join(", ", result.Trainings.Select(t => $"{t.LogReadings:N0}{(t.Promoted ? "" : " (refused)")}"))}"));

        // Where the false alarms come from: the weak early models, or every model alike.
        Console.Error.WriteLine(Invariant($"  {name} by serving model: {string.Join("; ", result.Outcomes.Where(o => o.Scored).GroupBy(o => o.Model).Select(g => { var m = StreamMetrics.Of(g); return $"#{g.Key} {m.Examples:N0} readings F1 {(m.F1 is { } f ? f.ToString("F3", CultureInfo.InvariantCulture) : "n/a")} false alarms/1000 {StreamMetrics.AlarmsPerThousandNormal(m):F1}"; }))}"));

        if (metrics.F1 is { } value)
        {
            figures.Add(($"{name}.precision", metrics.Precision?.Value ?? 0));
            figures.Add(($"{name}.recall", metrics.Recall!.Value));
            figures.Add(($"{name}.f1", value));
            foreach (var (kind, recall) in metrics.RecallByKind ?? new Dictionary<string, Proportion>())
            {
                figures.Add(($"{name}.recall.{kind}", recall.Value));
            }
        }

        figures.Add(($"{name}.alarms_per_1000_normal", perThousand));
        if (last?.Holdout.F1 is { } holdout)
        {
            figures.Add(($"{name}.holdout.f1", holdout));
        }
    }

    private static void NabCorpusRun(string directory, DetectorTrainingOptions training, List<(string, double)> figures, StringBuilder report)
    {
        var stopwatch = Stopwatch.StartNew();
        var corpus = NabCorpus.Load(directory);
        var profiles = NabProfile.Load(directory);
        var scores = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var alarms = new Dictionary<string, bool[]>(StringComparer.Ordinal);
        foreach (var file in corpus.Files)
        {
            var result = NabStream.Run(file, training);
            scores[file.Key] = result.Scores;
            alarms[file.Key] = result.Alarms;
        }

        Console.Error.WriteLine(Invariant($"nab: {corpus.Files.Count} files, {corpus.RowCount:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s"));
        report.AppendLine();
        report.AppendLine(Invariant($"NAB ({corpus.Files.Count} files, {corpus.RowCount:N0} rows, {corpus.WindowCount} windows; each file one sensor, its probationary rows the first training data)"));
        report.AppendLine();
        report.AppendLine("| profile | product's alarms: normalized score | TP / FP / FN (windows found) | raw score (severity), corpus-optimal threshold | threshold |");
        report.AppendLine("|---|---|---|---|---|");
        foreach (var profile in profiles)
        {
            var own = NabScorer.Score(corpus, alarms, profile);
            var optimized = NabThreshold.Optimize(corpus, scores, profile);
            report.AppendLine(Invariant(
                $"| {profile.Name} | {own.Normalized:F1} | {own.TruePositives} / {own.FalsePositives} / {own.FalseNegatives} ({own.WindowsDetected}/{own.Windows}) | {optimized.Normalized:F1} | {optimized.Threshold:F2} |"));
            var key = ProfileKey(profile);
            figures.Add(($"nab.{key}.alarms", own.Normalized));
            figures.Add(($"nab.{key}.optimized", optimized.Normalized));
        }

        // Per file, worst first: where the alarms cost and where windows are missed.
        report.AppendLine();
        report.AppendLine("| file (standard profile, product's alarms) | raw score | TP / FP rows | windows found |");
        report.AppendLine("|---|---|---|---|");
        foreach (var file in NabScorer.Score(corpus, alarms, NabProfile.Standard).Files.OrderBy(f => f.Score))
        {
            report.AppendLine(Invariant($"| {file.Key} | {file.Score:F2} | {file.TruePositives} / {file.FalsePositives} | {file.WindowsDetected}/{file.Windows} |"));
        }

        foreach (var category in corpus.Files.GroupBy(f => f.Key.Split('/')[0]).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var scored = category.Sum(f => f.RowCount - f.ProbationaryRows);
            var raised = category.Sum(f => alarms[f.Key].Count(a => a));
            figures.Add(($"nab.{category.Key}.alarms_per_1000", 1000.0 * raised / Math.Max(1, scored)));
        }

        // The four figures scripts read, last, in this order.
        var order = new[] { "nab.standard.alarms", "nab.low_fp.alarms", "nab.low_fn.alarms", "nab.standard.optimized" };
        var last = order.Select(k => figures.First(f => f.Item1 == k)).ToList();
        figures.RemoveAll(f => order.Contains(f.Item1));
        figures.AddRange(last);
    }

    private static string ProfileKey(NabProfile profile) => profile.Name switch
    {
        "standard" => "standard",
        "reward_low_FP_rate" => "low_fp",
        "reward_low_FN_rate" => "low_fn",
        var other => other,
    };

    private static string Text(Proportion? p) => p is null ? "n/a" : Invariant($"{p.Value:F3} ({p.Count}/{p.Trials})");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
