using System.Net;
using System.Net.Sockets;

namespace Cocoa.TestInfrastructure;

/// <summary>HTTP clients that connect from a chosen loopback address (127.0.0.0/8), so one test can play several end clients.</summary>
public static class LoopbackClient
{
    /// <summary>A client whose connections come from <paramref name="localAddress"/>; <paramref name="configure"/> may
    /// adjust the handler (cookies, redirects).</summary>
    public static HttpClient From(string localAddress, Uri baseAddress, Action<SocketsHttpHandler>? configure = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = ConnectFrom(localAddress),
        };
        configure?.Invoke(handler);
        return new HttpClient(handler) { BaseAddress = baseAddress };
    }

    private static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectFrom(string localAddress) =>
        async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
