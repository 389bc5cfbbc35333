using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using KappaAspire.Viewer;
using KappaAspire.Viewer.LogView;
using KappaAspire.Viewer.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The viewer's HTTP surface: the page, its snapshot and its event stream, and the view of the log.</summary>
public static class ViewerEndpoints
{
    public static WebApplication MapViewerEndpoints(this WebApplication app)
    {
        // The page lives inside the assembly (wwwroot is embedded): no CDN, no build step, works offline.
        var page = new EmbeddedFileProvider(typeof(ViewerEndpoints).Assembly, "KappaAspire.Viewer.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = page,
            // Revalidate every time: the assets are tiny and a new deployment must show at once.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
        });

        app.MapGet("/api/snapshot", (ViewerEventStream stream) =>
            TypedResults.Json(stream.Snapshot(), ViewerJsonContext.Default.ViewSnapshot));

        app.MapGet("/events", ServerSentEventsResult<byte[]> (ViewerEventStream stream, HttpContext context) =>
            TypedResults.ServerSentEvents(stream.ReadAsync(context.RequestAborted)));

        // The view of the log (log.html): read with the admin and consumer APIs; 503 while Kafka does not answer.
        app.MapGet("/api/log/topics", async (KafkaLogInspector log) =>
            await Answer(() => Task.Run(log.TopicsAsync), ViewerJsonContext.Default.TopicsView));
        app.MapGet("/api/log/groups", async (KafkaLogInspector log) =>
            await Answer(log.GroupsAsync, ViewerJsonContext.Default.GroupsView));
        app.MapGet("/api/log/records", async (string? topic, int? partition, long? offset, DateTimeOffset? time, int? limit, RecordBrowser browser) =>
        {
            if (string.IsNullOrWhiteSpace(topic) || partition is not >= 0)
                return TypedResults.Problem("Give topic and partition (≥ 0), and optionally offset or time (ISO 8601) and limit (1–200).", statusCode: StatusCodes.Status400BadRequest);
            return await Answer(() => Task.Run(() => browser.Read(topic, partition.Value, offset, time, limit ?? 50)), ViewerJsonContext.Default.RecordsView);
        });

        // Offered exactly when AddViewerServices registered it (the viewer holds the operator token).
        var canRedrive = app.Services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(DeadLetterRedrive));
        app.MapGet("/api/log/redrive", (IOptions<ViewerOptions> options) =>
            TypedResults.Json(new RedriveAvailability(options.Value.DeadLetterTopic, canRedrive), ViewerJsonContext.Default.RedriveAvailability));
        if (canRedrive)
        {
            app.MapPost("/api/log/redrive", async (RedriveRequest? request, DeadLetterRedrive redrive, IOptions<ViewerOptions> options, HttpContext http) =>
            {
                if (request is null || request.Partition < 0 || request.Offsets is not { Count: > 0 and <= DeadLetterRedrive.MaxRecords })
                    return TypedResults.Problem($"Give partition (≥ 0) and 1–{DeadLetterRedrive.MaxRecords} offsets of {options.Value.DeadLetterTopic}.", statusCode: StatusCodes.Status400BadRequest);
                var topic = options.Value.DeadLetterTopic;
                return await Answer(async () => new RedriveResult(topic, await redrive.RedriveAsync(topic, request.Partition, request.Offsets, http.RequestAborted)),
                    ViewerJsonContext.Default.RedriveResult);
            }).RequireOperator();
        }

        return app;
    }

    private static async Task<IResult> Answer<T>(Func<Task<T>> read, JsonTypeInfo<T> type)
    {
        try
        {
            return TypedResults.Json(await read(), type);
        }
        catch (KafkaException ex) when (ex.Error.Code is ErrorCode.UnknownTopicOrPart or ErrorCode.Local_UnknownTopic or ErrorCode.Local_UnknownPartition)
        {
            return TypedResults.Problem($"No such topic or partition: {ex.Error.Reason}", statusCode: StatusCodes.Status404NotFound);
        }
        catch (KafkaException ex)
        {
            return TypedResults.Problem($"Kafka did not answer: {ex.Error.Reason}", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
