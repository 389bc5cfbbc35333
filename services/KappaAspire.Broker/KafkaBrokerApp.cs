using System.Net;
using KappaAspire.Broker.Apis;
using KappaAspire.Broker.Groups;
using KappaAspire.Broker.Network;
using KappaAspire.Broker.Storage;
using KappaAspire.Broker.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KappaAspire.Broker;

/// <summary>Composes the broker: storage, groups, one handler per Kafka API, the Kafka listener and the HTTP health endpoint.</summary>
public static class KafkaBrokerApp
{
    /// <summary>Short command-line flags for the settings people change most.</summary>
    public static readonly IReadOnlyDictionary<string, string> SwitchMappings = new Dictionary<string, string>
    {
        ["--host"] = "Broker:Host",
        ["--port"] = "Broker:Port",
        ["--advertised-host"] = "Broker:AdvertisedHost",
        ["--http-port"] = "Broker:HttpPort",
        ["--data-dir"] = "Broker:DataDir",
        ["--partitions"] = "Broker:DefaultPartitions",
        ["--flush"] = "Broker:Storage:Flush",
        ["--segment-bytes"] = "Broker:Storage:SegmentBytes",
        ["--retention-ms"] = "Broker:Storage:RetentionMs",
        ["--retention-bytes"] = "Broker:Storage:RetentionBytes",
    };

    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Configuration.AddCommandLine(args, new Dictionary<string, string>(SwitchMappings));
        builder.AddServiceDefaults();
        builder.AddKafkaBroker();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        // Every partition is recovered before the Kafka listener accepts its first client.
        app.Services.GetRequiredService<LogManager>().Recover();
        return app;
    }

    public static WebApplicationBuilder AddKafkaBroker(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(BrokerOptions.SectionName);
        builder.Services.Configure<BrokerOptions>(section);
        var options = section.Get<BrokerOptions>() ?? new BrokerOptions();

        builder.Services.AddSingleton<LogManager>();
        builder.Services.AddSingleton(sp => new OffsetStore(
            Path.Combine(sp.GetRequiredService<IOptions<BrokerOptions>>().Value.DataDir, "groups"),
            sp.GetRequiredService<ILogger<OffsetStore>>()));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GroupCoordinator>();
        builder.Services.AddSingleton<BrokerMetrics>();
        builder.Services.AddSingleton<RequestDispatcher>();
        builder.Services.AddSingleton<SupportedApis>();
        // Every API the same way, ApiVersions included: it lists what the handlers declare.
        foreach (var handler in typeof(KafkaBrokerApp).Assembly.GetTypes()
                     .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IApiHandler).IsAssignableFrom(t)))
        {
            builder.Services.AddSingleton(typeof(IApiHandler), handler);
        }
        builder.Services.AddHostedService<BrokerMaintenanceService>();
        builder.Services.AddHealthChecks().AddCheck<KafkaListenerHealthCheck>("kafka-listener");

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(ParseAddress(options.Host), options.Port, listen => listen.UseConnectionHandler<KafkaConnectionHandler>());
            foreach (var url in HttpUrls(builder.Configuration, options)) ListenHttp(kestrel, url);
        });
        return builder;
    }

    /// <summary>ASP.NET's usual URL settings (ASPNETCORE_URLS, --urls) choose the HTTP endpoint; otherwise Broker:HttpPort.</summary>
    private static IEnumerable<string> HttpUrls(IConfiguration configuration, BrokerOptions options)
    {
        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"];
        return string.IsNullOrWhiteSpace(urls)
            ? [$"http://{options.Host}:{options.HttpPort}"]
            : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static void ListenHttp(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions kestrel, string url)
    {
        var uri = new Uri(url.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"));
        if (uri.Scheme != "http") throw new InvalidOperationException($"Only http URLs are supported for the health endpoint, not '{url}'.");
        if (uri.Host == "localhost") kestrel.ListenLocalhost(uri.Port);
        else kestrel.Listen(ParseAddress(uri.Host), uri.Port);
    }

    private static IPAddress ParseAddress(string host) =>
        host is "0.0.0.0" or "*" or "+" ? IPAddress.Any
        : host is "::" or "[::]" ? IPAddress.IPv6Any
        : IPAddress.TryParse(host.Trim('[', ']'), out var address) ? address
        : throw new InvalidOperationException($"Broker:Host must be an IP address, not '{host}'.");
}
