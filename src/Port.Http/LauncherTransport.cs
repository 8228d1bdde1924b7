using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Port.Http;

/// <summary>
/// Sends each request through the task's Node launcher (build/launcher-transport.js), which makes it with the agent's
/// Node: its HTTPS, certificates and proxy settings. The task executable then needs no HTTPS stack of its own.
/// One loopback connection a request: a JSON line with the request's head, then its body; the answer comes back the
/// same way. Closing the connection cancels the request.
/// </summary>
public sealed class LauncherTransport(IPEndPoint launcher, string key) : HttpMessageHandler
{
    /// <summary>The launcher's loopback address (127.0.0.1:port), set for the executable it starts.</summary>
    public const string Variable = "PORT_TASK_TRANSPORT";

    /// <summary>The key each request must carry: only the executable the launcher started may use it.</summary>
    public const string KeyVariable = "PORT_TASK_TRANSPORT_KEY";

    private const int MaxHeadBytes = 1024 * 1024;

    /// <summary>Where the launcher listens.</summary>
    public IPEndPoint Endpoint => launcher;

    /// <summary>The launcher's transport when this process was started by one, else null.</summary>
    public static LauncherTransport? FromEnvironment()
    {
        var address = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }

        if (!IPEndPoint.TryParse(address, out var endpoint) || !IPAddress.IsLoopback(endpoint.Address) || endpoint.Port == 0)
        {
            throw new InvalidOperationException($"{Variable} is '{address}', which is not a loopback address and port such as 127.0.0.1:40123 (the task's launcher sets it).");
        }

        return new LauncherTransport(endpoint, Environment.GetEnvironmentVariable(KeyVariable) ?? "");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        using var socket = new Socket(launcher.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(launcher, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError,
                $"The task's launcher, which sends its requests, could not be reached at {launcher}: {ex.Message}", ex);
        }

        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await stream.WriteAsync(Frame(request, body), cancellationToken).ConfigureAwait(false);
            return await ReadAnswerAsync(stream, request, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, $"The connection to the task's launcher broke: {ex.Message}", ex);
        }
    }

    /// <summary>The request's head as a JSON line, then its body: one write, so the launcher reads it in one go.</summary>
    private byte[] Frame(HttpRequestMessage request, byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WriteString("method", request.Method.Method);
            json.WriteString("url", request.RequestUri!.AbsoluteUri);
            json.WriteStartArray("headers");
            var contentHeaders = request.Content?.Headers.NonValidated ?? default;
            foreach (var (name, values) in request.Headers.NonValidated.Concat(contentHeaders))
            {
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    continue; // the launcher sets it from the body
                }

                json.WriteStartArray();
                json.WriteStringValue(name);
                json.WriteStringValue(string.Join(name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) ? " " : ", ", values));
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteNumber("length", body.Length);
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        buffer.Write(body);
        return buffer.ToArray();
    }

    private static async Task<HttpResponseMessage> ReadAnswerAsync(NetworkStream stream, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var filled = 0;
        int newline;
        while ((newline = Array.IndexOf(buffer, (byte)'\n', 0, filled)) < 0)
        {
            if (filled == buffer.Length)
            {
                if (buffer.Length >= MaxHeadBytes)
                {
                    throw new HttpRequestException(HttpRequestError.InvalidResponse, "The task's launcher sent an answer head over 1 MiB.");
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new HttpRequestException(HttpRequestError.ResponseEnded, "The task's launcher closed the connection before it answered.");
            }

            filled += read;
        }

        using var head = JsonDocument.Parse(buffer.AsMemory(0, newline));
        var answer = head.RootElement;
        if (answer.TryGetProperty("error", out var error))
        {
            throw LauncherFailure.From(error.GetString() ?? "", answer.GetProperty("message").GetString() ?? "");
        }

        var body = new byte[answer.GetProperty("length").GetInt32()];
        var early = Math.Min(filled - newline - 1, body.Length);
        buffer.AsSpan(newline + 1, early).CopyTo(body);
        await stream.ReadExactlyAsync(body.AsMemory(early), cancellationToken).ConfigureAwait(false);

        var response = new HttpResponseMessage((HttpStatusCode)answer.GetProperty("status").GetInt32())
        {
            RequestMessage = request,
            ReasonPhrase = answer.TryGetProperty("reason", out var reason) ? reason.GetString() : null,
            Content = new ByteArrayContent(body),
        };
        foreach (var header in answer.GetProperty("headers").EnumerateArray())
        {
            var name = header[0].GetString()!;
            var value = header[1].GetString();
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }
}
