using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Port.Client.Tests.Transport;

/// <summary>
/// A server on loopback that takes one HTTP/1.1 request at a time, records it as it came, and answers with the raw
/// text it was given (or holds the request until the client goes away): the target, or the proxy, of the launcher.
/// </summary>
internal sealed class RawHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?> _answer;
    private readonly CancellationTokenSource _stop = new();

    /// <param name="answer">The raw answer to a request (its head and body as text), or null to hold it unanswered.</param>
    public RawHttpServer(Func<string, string?> answer)
    {
        _answer = answer;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<string> Requests { get; } = [];

    /// <summary>Completes when a held request's connection is closed by the client.</summary>
    public TaskCompletionSource HeldConnectionClosed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

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

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        var request = await ReadRequestAsync(stream);
        if (request is null)
        {
            return;
        }

        lock (Requests)
        {
            Requests.Add(request);
        }

        if (_answer(request) is { } answer)
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(answer));
            return;
        }

        var buffer = new byte[1];
        try
        {
            while (await stream.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (IOException)
        {
        }

        HeldConnectionClosed.TrySetResult();
    }

    private static async Task<string?> ReadRequestAsync(NetworkStream stream)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.UTF8.GetString(received.ToArray());
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = text.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                if (Encoding.UTF8.GetByteCount(text[..(end + 4)]) + length <= received.Count)
                {
                    return text;
                }
            }

            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                return received.Count > 0 ? Encoding.UTF8.GetString(received.ToArray()) : null;
            }

            received.AddRange(buffer.AsSpan(0, read).ToArray());
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
