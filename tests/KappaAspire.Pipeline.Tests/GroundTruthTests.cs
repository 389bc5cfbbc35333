using System.Text;
using KappaAspire.Pipeline.Contracts;

namespace KappaAspire.Pipeline.Tests;

public sealed class GroundTruthTests
{
    [Theory]
    [InlineData("normal", false, null)]
    [InlineData("anomaly", true, null)]
    [InlineData("anomaly:spike", true, AnomalyKind.Spike)]
    [InlineData("anomaly:drift", true, AnomalyKind.Drift)]
    [InlineData("anomaly:stuck", true, AnomalyKind.Stuck)]
    public void Header_values_round_trip(string header, bool isAnomaly, AnomalyKind? kind)
    {
        Assert.True(GroundTruth.TryParse(Encoding.UTF8.GetBytes(header), out var truth));
        Assert.Equal(new GroundTruth(isAnomaly, kind), truth);
        Assert.Equal(header, truth.ToHeaderValue());
    }

    [Theory]
    [InlineData("")]
    [InlineData("anomaly:meltdown")]
    [InlineData("abnormal")]
    public void Unknown_header_values_are_rejected(string header) =>
        Assert.False(GroundTruth.TryParse(Encoding.UTF8.GetBytes(header), out _));

    [Fact]
    public void Prediction_label_is_the_kind_or_normal()
    {
        Assert.Equal("drift", GroundTruth.Anomaly(AnomalyKind.Drift).ToLabel());
        Assert.Equal("normal", GroundTruth.Normal.ToLabel());
    }
}
