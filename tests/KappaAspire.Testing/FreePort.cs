using System.Net;
using System.Net.Sockets;

namespace KappaAspire.Testing;

/// <summary>Loopback ports for test hosts and processes.</summary>
public static class FreePort
{
    /// <summary>A TCP port nothing listens on right now (the OS picks it; another process could take it before use).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
