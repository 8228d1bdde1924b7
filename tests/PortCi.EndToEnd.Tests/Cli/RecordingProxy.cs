using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EndToEnd.Cli;

/// <summary>
/// An HTTP proxy on 127.0.0.1 that records the first line of each request it is sent. A plain-HTTP request (absolute
/// URI) is forwarded to its origin, so the command behind it works; a CONNECT (an HTTPS tunnel) is refused with 403,
/// since the tests reach no HTTPS server: it is enough to see that the client asked this proxy for it.
/// </summary>
public sealed class RecordingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public RecordingProxy()
    {
        _listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _ = Task.Run(AcceptAsync);
    }

    public string Url { get; }

    /// <summary>Each request line the proxy received, e.g. <c>POST http://127.0.0.1:5000/v1/auth/access_token HTTP/1.1</c>.</summary>
    public ConcurrentQueue<string> RequestLines { get; } = new();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            if (head is null)
            {
                return;
            }

            var requestLine = head[..head.IndexOf("\r\n", StringComparison.Ordinal)];
            RequestLines.Enqueue(requestLine);
            var parts = requestLine.Split(' ');
            if (parts[0] == "CONNECT")
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
                return;
            }

            var target = new Uri(parts[1]);
            using var origin = new TcpClient();
            await origin.ConnectAsync(target.Host, target.Port);
            var upstream = origin.GetStream();
            // The origin gets the request in origin form; the rest of the connection is piped both ways.
            await upstream.WriteAsync(Encoding.ASCII.GetBytes($"{parts[0]} {target.PathAndQuery} {parts[2]}{head[requestLine.Length..]}"));
            await Task.WhenAny(stream.CopyToAsync(upstream), upstream.CopyToAsync(stream));
        }
    }

    /// <summary>The request's head, up to and including its blank line, read a byte at a time so no body byte is taken.</summary>
    private static async Task<string?> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                return null;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
