using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace PortCi.Tests;

/// <summary>
/// Serves the files of one folder over HTTP on 127.0.0.1, as a release's download folder: GET /&lt;file name&gt;. It records
/// every path asked for, and can answer a path with an error a number of times before it serves it, or cut its
/// download short.
/// </summary>
public sealed class StaticFileServer : IDisposable
{
    private readonly string _root;
    private readonly HttpListener _listener;
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly ConcurrentDictionary<string, bool> _cutShort = new();
    private readonly Task _loop;

    public StaticFileServer(string root)
    {
        _root = root;
        (_listener, Url) = Listen();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The folder's URL, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public string Url { get; }

    /// <summary>The paths asked for, in order, e.g. <c>/SHA256SUMS</c>.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Answers <paramref name="file"/> with <c>500</c> the next <paramref name="times"/> times it is asked for.</summary>
    public void Fail(string file, int times) => _failures[file] = times;

    /// <summary>
    /// Answers <paramref name="file"/> with <c>200</c> and its full length, sends half of it and drops the connection, as
    /// a network that breaks mid-download (curl exits 18).
    /// </summary>
    public void CutShort(string file) => _cutShort[file] = true;

    private static (HttpListener, string) Listen()
    {
        for (var attempt = 1; ; attempt++)
        {
            // A free port: the system picks one, and the listener takes it a moment later.
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var url = $"http://127.0.0.1:{port}/";
            var listener = new HttpListener();
            listener.Prefixes.Add(url);
            try
            {
                listener.Start();
                return (listener, url);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Close();
            }
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var response = context.Response;
            var path = context.Request.Url!.AbsolutePath;
            Requests.Enqueue(path);
            var file = Path.Combine(_root, Path.GetFileName(path));
            if (_failures.TryGetValue(Path.GetFileName(path), out var left) && left > 0)
            {
                _failures[Path.GetFileName(path)] = left - 1;
                response.StatusCode = 500;
            }
            else if (File.Exists(file) && _cutShort.ContainsKey(Path.GetFileName(path)))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
                await response.OutputStream.FlushAsync();
                response.Abort();
            }
            else if (File.Exists(file))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
