using KappaAspire.Pipeline.Packaging;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Distribution;
using KappaAspire.Trainer.Registry;
using KappaAspire.Trainer.Services;

namespace KappaAspire.Trainer.Extensions;

public static class TrainerEndpointExtensions
{
    /// <summary>
    /// The REST API (train, training status, models, promote, rollback) and the gRPC <c>ModelDistribution</c> service.
    /// gRPC is mapped on every endpoint: only the HTTP/2-only gRPC port can carry cleartext HTTP/2, and restricting by host
    /// would break behind Aspire's proxy or a Kubernetes Service, which present another port than the one Kestrel binds.
    /// </summary>
    public static WebApplication MapTrainerEndpoints(this WebApplication app)
    {
        app.MapGrpcService<ModelDistributionService>();
        // Every change of state needs the operator token; reads stay open.
        var control = app.MapGroup("").RequireOperator();


        // Starts a run. 202 with the run (poll GET /training), or with ?wait=true 200 with the finished run's outcome.
        // While a run is in progress a new one is refused with 409 and the running one in the body.
        control.MapPost("/train", async (bool? wait, TrainingCoordinator coordinator, HttpContext http) =>
        {
            if (!coordinator.TryStart(TrainingTrigger.Api, "requested with POST /train", out var run))
            {
                return Results.Conflict(run.Status);
            }

            if (wait is not true)
            {
                return Results.Accepted("/training", run.Status);
            }

            return Results.Ok(await run.Completion.WaitAsync(http.RequestAborted));
        });

        app.MapGet("/training", (TrainingCoordinator coordinator, GrowthWatcher growth, DriftWatcher drift) =>
            Results.Ok(coordinator.Overview() with { Growth = growth.LastCheck, Drift = drift.LastCheck }));

        app.MapGet("/models", (ModelRegistry registry) => Results.Ok(registry.List()));

        control.MapPost("/models/{version}/promote", (string version, ModelRegistry registry) =>
        {
            try
            {
                registry.Promote(version, "promoted by hand (POST /models/{version}/promote)");
                return Results.Ok(registry.List());
            }
            catch (KeyNotFoundException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
            }
            catch (InvalidModelPackageException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "The model cannot be served");
            }
        });

        control.MapPost("/models/rollback", (ModelRegistry registry) =>
        {
            try
            {
                registry.Rollback();
                return Results.Ok(registry.List());
            }
            catch (InvalidOperationException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "Nothing to roll back to");
            }
            catch (InvalidModelPackageException ex)
            {
                return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "The previous model cannot be served");
            }
        });

        return app;
    }
}
