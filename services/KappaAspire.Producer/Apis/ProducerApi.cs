using System.Globalization;
using KappaAspire.Pipeline.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace KappaAspire.Producer.Apis;

/// <summary>
/// The control surface: <c>GET /status</c>, <c>POST /rate</c>, <c>POST /pause</c>, <c>POST /resume</c> and
/// <c>POST /anomalies</c> (an anomaly on demand, for demos and browser tests of the viewer); POSTs need the operator token.
/// </summary>
public static class ProducerApi
{
    public static IEndpointRouteBuilder MapProducerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/status", GetStatus);

        // Every change of state needs the operator token (anyone else could flood the log); reads stay open.
        var control = app.MapGroup("").RequireOperator();
        control.MapPost("/rate", SetRate);
        control.MapPost("/pause", Pause);
        control.MapPost("/resume", Resume);
        control.MapPost("/anomalies", InjectAnomaly);
        return app;
    }

    public static Ok<ProducerStatus> GetStatus(ProducerState state) => TypedResults.Ok(state.Status());

    public static Results<Ok<ProducerStatus>, ValidationProblem, ProblemHttpResult> SetRate(RateRequest request, ProducerState state)
    {
        if (state.Options.Mode != ProducerMode.Simulate)
        {
            return TypedResults.Problem(
                "The rate applies in simulate mode; a replay is paced by the file's timestamps and Producer:SpeedUp.",
                statusCode: StatusCodes.Status409Conflict);
        }

        var max = state.Control.MaxRate;
        if (request.ReadingsPerSecond is not { } rate || rate is not > 0 || rate > max)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["readingsPerSecond"] = [string.Create(CultureInfo.InvariantCulture, $"must be a number > 0 and <= {max} (Producer:MaxRate)")],
            });
        }

        state.Control.ReadingsPerSecond = rate;
        return TypedResults.Ok(state.Status());
    }

    public static Ok<ProducerStatus> Pause(ProducerState state)
    {
        state.Control.Pause();
        return TypedResults.Ok(state.Status());
    }

    public static Ok<ProducerStatus> Resume(ProducerState state)
    {
        state.Control.Resume();
        return TypedResults.Ok(state.Status());
    }

    public static Results<Accepted<AnomalyScheduled>, ValidationProblem, ProblemHttpResult> InjectAnomaly(
        AnomalyRequest request, ProducerState state)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.SensorId))
        {
            errors["sensorId"] = ["is required"];
        }
        var kind = default(AnomalyKind);
        if (request.Kind is null || !GroundTruth.TryParseKind(request.Kind, out kind))
        {
            errors["kind"] = ["must be spike, drift or stuck"];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var sensorId = request.SensorId!;
        if (!state.Injector.IsKnown(sensorId))
        {
            return TypedResults.Problem(
                $"No sensor '{sensorId}' is being produced; GET /status lists the sensors.", statusCode: StatusCodes.Status404NotFound);
        }

        var readings = state.Injector.Inject(sensorId, kind);
        return TypedResults.Accepted("/status", new AnomalyScheduled(sensorId, GroundTruth.KindName(kind), readings));
    }
}
