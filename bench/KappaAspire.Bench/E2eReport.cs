using System.Globalization;
using System.Text;

namespace KappaAspire.Bench;

/// <summary>The markdown of the end-to-end benchmark: one table per step, the summary, the targets and the delivery audit.</summary>
internal static class E2eReport
{
    private const string LatencyNote =
        "reading timestamp → the benchmark's consumer receives the prediction (an upper bound of \"prediction acknowledged\")";

    public static string Step(E2eStep s)
    {
        var t = new StringBuilder();
        t.AppendLine(Inv($"#### {s.Label}: {s.Requested:N0} readings/s requested, measured over {s.Seconds:F1} s"));
        t.AppendLine();
        t.AppendLine("| measure | value |");
        t.AppendLine("|---|---|");
        var reached = s.ReachedRate ? "" : Inv($" — **the producer reached only {s.Produced / s.Requested:P0} of the requested rate**");
        t.AppendLine(Inv($"| readings/s produced (acknowledged by the broker) | {s.Produced:N0}{reached} |"));
        if (s.ProducerFailed > 0) t.AppendLine(Inv($"| readings the producer failed to deliver | **{s.ProducerFailed:N0}** |"));
        t.AppendLine(Inv($"| predictions/s out | {s.PredictionsOut:N0} |"));
        t.AppendLine(Inv($"| inference group lag (committed), start → end | {s.LagStart:N0} → {s.LagEnd:N0} ({s.LagEnd - s.LagStart:+#,0;-#,0;0}) |"));
        t.AppendLine(Inv($"| readings not yet scored, start → end | {s.BacklogStart:N0} → {s.BacklogEnd:N0} ({s.BacklogEnd - s.BacklogStart:+#,0;-#,0;0}) |"));
        t.AppendLine(Inv($"| end to end, {LatencyNote}: p50 / p95 / p99 / max | {Ms(s.Received)} |"));
        t.AppendLine(Inv($"| reading timestamp → prediction record CreateTime: p50 / p95 / p99 / max | {Ms(s.Created)} |"));
        t.AppendLine(Inv($"| sustained ({Rule}) | {Verdict(s)} |"));
        t.AppendLine();
        t.AppendLine("| process | CPU % of one core | CPU µs per reading | RSS MiB at the end |");
        t.AppendLine("|---|---|---|---|");
        foreach (var u in s.Usage) t.AppendLine(Inv($"| {u.Name} | {u.CpuPercent:F0} | {s.CpuMicrosecondsPerReading(u):F1} | {u.RssMiB:N0} |"));
        t.AppendLine(Inv($"| all | {s.Usage.Sum(u => u.CpuPercent):F0} | {s.Usage.Sum(s.CpuMicrosecondsPerReading):F1} | {s.Usage.Sum(u => u.RssMiB):N0} |"));
        return t.ToString();
    }

    public static string Summary(IReadOnlyList<E2eStep> steps, double? maxSustained, string sweepEnd, E2eStep? atFiveThousand,
        DeliveryAudit.Result? audit, string? auditProblem)
    {
        var t = new StringBuilder();
        t.AppendLine(Inv($"Latency columns: {LatencyNote}. Lag = readings not yet committed by the inference group."));
        t.AppendLine();
        t.AppendLine(Inv($"Sustained: {Rule}."));
        t.AppendLine();
        t.AppendLine("| step | requested/s | produced/s | predictions/s | not yet scored, start → end | p50 ms | p95 ms | p99 ms | CPU % (all processes) | CPU µs per reading (all) | sustained |");
        t.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in steps)
        {
            t.AppendLine(Inv($"| {s.Label} | {s.Requested:N0} | {s.Produced:N0} | {s.PredictionsOut:N0} | {s.BacklogStart:N0} → {s.BacklogEnd:N0} | {s.Received.P50:F1} | {s.Received.P95:F1} | {s.Received.P99:F1} | {s.Usage.Sum(u => u.CpuPercent):F0} | {s.Usage.Sum(s.CpuMicrosecondsPerReading):F1} | {Verdict(s)} |"));
        }
        t.AppendLine();
        t.AppendLine(maxSustained is { } max
            ? Inv($"Maximum sustained rate: **{max:N0} readings/s** end to end (the highest rate produced in a sustained step). The sweep ended because {sweepEnd}.")
            : $"Maximum sustained rate: **none** — no step was sustained ({sweepEnd}).");
        t.AppendLine();
        if (audit is { } a)
        {
            t.AppendLine(Inv($"Delivery audit (producer paused, inference drained): readings in / predictions out / readings without a prediction / duplicates = **{a.Readings:N0} / {a.Predictions:N0} / {a.Missing:N0} / {a.Duplicates:N0}** (invalid readings {a.Invalid:N0}, dead letters {a.DeadLetters:N0})."));
            if (a.Missing > 0) t.AppendLine(Inv($"**{a.Missing:N0} readings have no prediction.**"));
        }
        if (auditProblem is not null) t.AppendLine($"**Delivery audit incomplete: {auditProblem}**");
        t.AppendLine();
        t.AppendLine("| target (this 2-core machine) | measured | met |");
        t.AppendLine("|---|---|---|");
        var sustainedText = maxSustained is { } m ? m.ToString("N0", CultureInfo.InvariantCulture) + " readings/s" : "none";
        t.AppendLine(Inv($"| ≥ 60,000 readings/s sustained end to end (milestone) | {sustainedText} | {Mark(maxSustained >= 60_000)} |"));
        t.AppendLine(Inv($"| ≥ 100,000 readings/s sustained end to end | {sustainedText} | {Mark(maxSustained >= 100_000)} |"));
        t.AppendLine(Inv($"| p99 ≤ 20 ms at 5,000 readings/s | {(atFiveThousand is { } f ? Inv($"{f.Received.P99:F1} ms ({f.Produced:N0} readings/s produced)") : "not measured")} | {Mark(atFiveThousand is { } s5 && s5.Received.Count > 0 && s5.Received.P99 <= 20)} |"));
        t.AppendLine(Inv($"| zero readings without a prediction | {(audit is { } r ? r.Missing.ToString("N0", CultureInfo.InvariantCulture) : "not measured")} | {Mark(audit is { Missing: 0 } && auditProblem is null)} |"));
        return t.ToString();
    }

    private static readonly string Rule = Inv(
        $"predictions/s ≥ {E2eStep.MinimumPredictionShare:P0} of readings/s, readings not yet scored grew by ≤ {E2eStep.MaximumBacklogGrowthSeconds} s of input, p99 ≤ {E2eStep.MaximumP99Ms:F0} ms");

    private static string Verdict(E2eStep s) => s.Sustained ? "yes" : "**no**: " + string.Join("; ", s.Failures);

    private static string Ms(Percentiles p) => p.Count == 0
        ? "no predictions received"
        : Inv($"{p.P50:F1} / {p.P95:F1} / {p.P99:F1} / {p.Max:F0} ms (n = {p.Count:N0})");

    private static string Mark(bool met) => met ? "✓" : "✗";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
