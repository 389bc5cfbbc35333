using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KappaAspire.IntegrationTests.Otlp;

/// <summary>
/// An OTLP/gRPC endpoint the system tests control: the AppHost points every service's exporter here (in place of the
/// dashboard's), so assertions can read the spans and metrics the services really exported.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpReceiver(WebApplication app, string endpoint, ReceivedTelemetry telemetry)
    {
        _app = app;
        Endpoint = endpoint;
        Telemetry = telemetry;
    }

    /// <summary>The URL to give exporters (OTLP over gRPC, cleartext HTTP/2).</summary>
    public string Endpoint { get; }

    public ReceivedTelemetry Telemetry { get; }

    public static async Task<OtlpReceiver> StartAsync()
    {
        var telemetry = new ReceivedTelemetry();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Port 0: the OS picks a free one at bind time, read back below.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = 64 * 1024 * 1024);
        builder.Services.AddSingleton(telemetry);
        var app = builder.Build();
        app.MapGrpcService<TraceReceiver>();
        app.MapGrpcService<MetricsReceiver>();
        app.MapGrpcService<LogsReceiver>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new OtlpReceiver(app, address, telemetry);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string ServiceName(Resource? resource) =>
        resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value?.StringValue ?? "";

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private sealed class TraceReceiver(ReceivedTelemetry telemetry) : TraceService.TraceServiceBase
    {
        public override Task<ExportTraceServiceResponse> Export(ExportTraceServiceRequest request, ServerCallContext context)
        {
            foreach (var resource in request.ResourceSpans)
            {
                var service = ServiceName(resource.Resource);
                foreach (var span in resource.ScopeSpans.SelectMany(s => s.Spans))
                    telemetry.Add(new ReceivedSpan(service, Hex(span.TraceId), Hex(span.SpanId), Hex(span.ParentSpanId), span.Name));
            }
            return Task.FromResult(new ExportTraceServiceResponse());
        }
    }

    private sealed class MetricsReceiver(ReceivedTelemetry telemetry) : MetricsService.MetricsServiceBase
    {
        public override Task<ExportMetricsServiceResponse> Export(ExportMetricsServiceRequest request, ServerCallContext context)
        {
            foreach (var resource in request.ResourceMetrics)
            {
                var service = ServiceName(resource.Resource);
                foreach (var metric in resource.ScopeMetrics.SelectMany(s => s.Metrics)) telemetry.AddMetric(service, metric.Name);
            }
            return Task.FromResult(new ExportMetricsServiceResponse());
        }
    }

    private sealed class LogsReceiver : LogsService.LogsServiceBase
    {
        public override Task<ExportLogsServiceResponse> Export(ExportLogsServiceRequest request, ServerCallContext context) =>
            Task.FromResult(new ExportLogsServiceResponse());
    }
}
