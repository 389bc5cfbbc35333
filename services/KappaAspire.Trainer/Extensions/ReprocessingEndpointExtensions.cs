using System.Text.Json;
using KappaAspire.Pipeline.Packaging;
using KappaAspire.Trainer.Api;
using KappaAspire.Trainer.Reprocessing;

namespace KappaAspire.Trainer.Extensions;

public static class ReprocessingEndpointExtensions
{
    /// <summary>
    /// <c>POST /reprocessing</c> (start a run), <c>GET /reprocessing</c> (runs and progress),
    /// <c>POST /reprocessing/{model}/cutover</c> and <c>POST /reprocessing/{model}/retire</c>.
    /// </summary>
    public static WebApplication MapReprocessingEndpoints(this WebApplication app)
    {
        // Every change of state needs the operator token; reads stay open.
        var control = app.MapGroup("").RequireOperator();
        control.MapPost("/reprocessing", async (HttpRequest request, ReprocessingControl control) =>
        {
            // Read by hand: a malformed body gets a 400 that says what is wrong, not an empty one.
            ReprocessingRequest? body;
            try
            {
                body = await JsonSerializer.DeserializeAsync(request.Body, TrainerJsonContext.Default.ReprocessingRequest, request.HttpContext.RequestAborted);
            }
            catch (JsonException ex)
            {
                return BadRequest($"The body must be JSON like {{\"model\":\"v0007\"}}: {ex.Message}");
            }

            if (string.IsNullOrWhiteSpace(body?.Model))
            {
                return BadRequest("The body must name the model to reprocess with, e.g. {\"model\":\"v0007\"}.");
            }

            return await Run(async () =>
            {
                var run = await control.StartAsync(body.Model.Trim(), request.HttpContext.RequestAborted);
                return Results.Accepted("/reprocessing", ReprocessingRunStatus.From(run, null));
            });
        });

        app.MapGet("/reprocessing", async (ReprocessingControl control, HttpContext http) =>
            Results.Ok(await control.OverviewAsync(http.RequestAborted)));

        control.MapPost("/reprocessing/{model}/cutover", (string model, ReprocessingControl control, HttpContext http) =>
            Run(async () => Results.Ok(ReprocessingRunStatus.From(await control.CutOverAsync(model, http.RequestAborted), null))));

        control.MapPost("/reprocessing/{model}/retire", (string model, ReprocessingControl control, HttpContext http) =>
            Run(async () => Results.Ok(ReprocessingRunStatus.From(await control.RetireAsync(model, http.RequestAborted), null))));

        return app;
    }

    private static async Task<IResult> Run(Func<Task<IResult>> decide)
    {
        try
        {
            return await decide();
        }
        catch (KeyNotFoundException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (InvalidModelPackageException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "The model cannot be served");
        }
        catch (ReprocessingConflictException ex)
        {
            return Results.Problem(ex.Message, statusCode: StatusCodes.Status409Conflict, title: "The run's state does not allow it");
        }
    }

    private static IResult BadRequest(string message) =>
        Results.Problem(message, statusCode: StatusCodes.Status400BadRequest, title: "Invalid reprocessing request");
}
