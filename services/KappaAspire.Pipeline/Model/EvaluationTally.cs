using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Model;

/// <summary>
/// Counts verdicts against ground truth into <see cref="EvaluationMetrics"/>: the one place the confusion counts, the
/// recall per kind and the error of the expected power are added up, for a holdout and for a stream alike.
/// </summary>
public sealed class EvaluationTally
{
    private readonly Dictionary<AnomalyKind, (int Found, int Total)> _kinds = [];
    private int _examples, _alarms, _tp, _fp, _fn, _tn, _errors;
    private double _absoluteErrors;

    /// <summary>Readings counted so far.</summary>
    public int Examples => _examples;

    /// <param name="alarm">Whether the detector flagged the reading.</param>
    /// <param name="truth">Its ground truth, when known.</param>
    /// <param name="absoluteError">|actual − expected power| in W; counted only for readings not labelled anomalous.</param>
    public void Add(bool alarm, GroundTruth? truth, double? absoluteError = null)
    {
        _examples++;
        _alarms += alarm ? 1 : 0;
        if (truth is not { IsAnomaly: true } && absoluteError is { } error)
        {
            _absoluteErrors += error;
            _errors++;
        }

        if (truth is not { } known)
        {
            return;
        }

        switch (known.IsAnomaly, alarm)
        {
            case (true, true): _tp++; break;
            case (true, false): _fn++; break;
            case (false, true): _fp++; break;
            default: _tn++; break;
        }

        if (known is { IsAnomaly: true, Kind: { } kind })
        {
            var (found, total) = _kinds.GetValueOrDefault(kind);
            _kinds[kind] = (found + (alarm ? 1 : 0), total + 1);
        }
    }

    /// <summary>Adds another tally's counts to this one: a rolling window is a few tallies of consecutive stretches.</summary>
    public void Add(EvaluationTally other)
    {
        _examples += other._examples;
        _alarms += other._alarms;
        (_tp, _fp, _fn, _tn) = (_tp + other._tp, _fp + other._fp, _fn + other._fn, _tn + other._tn);
        _errors += other._errors;
        _absoluteErrors += other._absoluteErrors;
        foreach (var (kind, (found, total)) in other._kinds)
        {
            var (ownFound, ownTotal) = _kinds.GetValueOrDefault(kind);
            _kinds[kind] = (ownFound + found, ownTotal + total);
        }
    }

    public EvaluationMetrics ToMetrics()
    {
        var byKind = _kinds.OrderBy(k => k.Key).ToDictionary(k => GroundTruth.KindName(k.Key), k => Proportion.Of(k.Value.Found, k.Value.Total)!);
        return EvaluationMetrics.From(_examples, _alarms, _tp, _fp, _fn, _tn, _errors == 0 ? 0 : _absoluteErrors / _errors, byKind);
    }
}
