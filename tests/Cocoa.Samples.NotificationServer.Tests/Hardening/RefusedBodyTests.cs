using System.Net.Sockets;
using System.Text;
using Cocoa.Samples.NotificationServer.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Cocoa.Samples.NotificationServer.Tests.Hardening;

/// <summary>
/// Bodies that Kestrel itself refuses (issue 13): a chunked body past the request limit and a body that trickles in
/// too slowly. The client gets 413 / 408 and the log gets one line, never a stack trace.
/// </summary>
public sealed class RefusedBodyTests : IAsyncLifetime
{
    private readonly LogCapture _logs = new();
    private NotificationServerHost _server = null!;

    public async Task InitializeAsync() =>
        _server = await NotificationServerHost.StartAsync("http://127.0.0.1:9/", configureServices: services => services.AddSingleton<ILoggerProvider>(_logs));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_chunked_body_past_the_request_limit_is_413_without_a_stack_trace()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _server.BaseAddress.Port);
        NetworkStream stream = client.GetStream();
        string head = $"PUT /api/v3/diagnosis HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        byte[] chunk = Encoding.ASCII.GetBytes(new string('A', 16 * 1024));
        string status = "";
        try
        {
            for (int i = 0; i < 64; i++)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:X}\r\n"));
                await stream.WriteAsync(chunk);
                await stream.WriteAsync("\r\n"u8.ToArray());
            }

            await stream.WriteAsync("0\r\n\r\n"u8.ToArray());
        }
        catch (IOException)
        {
            // The server may close the connection once it has answered.
        }

        status = await ReadStatusLineAsync(stream);
        Assert.Equal("HTTP/1.1 413 Payload Too Large", status);
        await Task.Delay(200);
        Assert.DoesNotContain("   at ", _logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_that_trickles_in_is_408_without_a_stack_trace()
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _server.BaseAddress.Port);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("PUT /api/v3/diagnosis HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"));

        // Kestrel's minimum body data rate (240 bytes/s after a 5 s grace period) ends the request.
        string status = await ReadStatusLineAsync(stream).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("HTTP/1.1 408 Request Timeout", status);
        await Task.Delay(200);
        Assert.DoesNotContain("   at ", _logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", _logs.AllText, StringComparison.Ordinal);
    }

    private static async Task<string> ReadStatusLineAsync(NetworkStream stream)
    {
        var line = new StringBuilder();
        byte[] one = new byte[1];
        while (await stream.ReadAsync(one) == 1 && one[0] != '\n')
        {
            line.Append((char)one[0]);
        }

        return line.ToString().TrimEnd('\r');
    }
}
