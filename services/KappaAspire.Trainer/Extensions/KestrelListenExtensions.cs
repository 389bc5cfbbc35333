using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace KappaAspire.Trainer.Extensions;

/// <summary>
/// Two kinds of endpoint: the usual ASP.NET URLs (<c>urls</c> / <c>ASPNETCORE_URLS</c> / <c>HTTP_PORTS</c>) as HTTP/1.1 + HTTP/2,
/// for /health, the REST API and browsers; and <c>ModelChannel:GrpcPort</c> as HTTP/2 only, because Kestrel speaks cleartext
/// HTTP/2 (prior knowledge, what gRPC clients send without TLS) only on an endpoint limited to HTTP/2.
/// </summary>
internal static class KestrelListenExtensions
{
    private const string DefaultUrl = "http://localhost:5000";

    public static WebApplicationBuilder ListenOnHttpAndGrpcPorts(this WebApplicationBuilder builder)
    {
        // Once Listen is called Kestrel ignores the URL settings (and logs that it overrides them), so they are applied here.
        var addresses = ConfiguredUrls(builder.Configuration).Select(BindingAddress.Parse).ToArray();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            var grpcPort = context.Configuration.GetSection(ModelChannelServerOptions.SectionName).Get<ModelChannelServerOptions>()?.GrpcPort;
            foreach (var address in addresses)
            {
                // The gRPC port may also be listed among the URLs (an orchestrator listing every endpoint): listen once, HTTP/2 only.
                Listen(kestrel, address, address.Port == grpcPort && !address.IsUnixPipe ? HttpProtocols.Http2 : HttpProtocols.Http1AndHttp2);
            }

            if (grpcPort is { } port && !addresses.Any(a => a.Port == port && !a.IsUnixPipe))
            {
                // Same interface as the HTTP endpoint: loopback stays loopback in development, any-IP stays any-IP in a pod.
                var host = addresses.FirstOrDefault(a => !a.IsUnixPipe)?.Host ?? "localhost";
                Listen(kestrel, BindingAddress.Parse($"http://{host}:{port}"), HttpProtocols.Http2);
            }
        });
        return builder;
    }

    /// <summary>The URLs ASP.NET would have bound: <c>urls</c>, else <c>http_ports</c>/<c>https_ports</c>, else its default.</summary>
    internal static IReadOnlyList<string> ConfiguredUrls(IConfiguration configuration)
    {
        static string[] Split(string? value) => (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var urls = Split(configuration["urls"]);
        if (urls.Length > 0)
        {
            return urls;
        }

        var ports = Split(configuration["http_ports"]).Select(p => $"http://*:{p}")
            .Concat(Split(configuration["https_ports"]).Select(p => $"https://*:{p}"))
            .ToArray();
        return ports.Length > 0 ? ports : [DefaultUrl];
    }

    private static void Listen(KestrelServerOptions kestrel, BindingAddress address, HttpProtocols protocols)
    {
        var https = string.Equals(address.Scheme, "https", StringComparison.OrdinalIgnoreCase);
        void Configure(ListenOptions listen)
        {
            // Without TLS there is no ALPN to pick HTTP/2, so a mixed cleartext endpoint serves HTTP/1.1 only: say so, and spare
            // Kestrel's warning about it.
            listen.Protocols = protocols == HttpProtocols.Http1AndHttp2 && !https ? HttpProtocols.Http1 : protocols;
            if (https)
            {
                listen.UseHttps();
            }
        }

        if (address.IsUnixPipe)
        {
            kestrel.ListenUnixSocket(address.UnixPipePath, Configure);
        }
        else if (string.Equals(address.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            kestrel.ListenLocalhost(address.Port, Configure);
        }
        else if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip))
        {
            kestrel.Listen(ip, address.Port, Configure);
        }
        else
        {
            // "*", "+", "0.0.0.0" and host names: every interface, as Kestrel does for its URLs.
            kestrel.ListenAnyIP(address.Port, Configure);
        }
    }
}
