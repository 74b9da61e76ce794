using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DatabricksJobs.Tests;

/// <summary>
/// A bare HTTP/1.1 server on a free loopback port that records the head of each request it gets and answers each with
/// the text <paramref name="answer"/> makes: a stand-in for a redirecting proxy, or a place a secret must never reach.
/// </summary>
public sealed class RecordingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string> _answer;
    private readonly CancellationTokenSource _stop = new();

    public RecordingServer(Func<string, string> answer)
    {
        _answer = answer;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>The heads (request line and headers) of the requests received so far.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>An answer that redirects to <paramref name="location"/> with <paramref name="status"/>.</summary>
    public static string Redirect(int status, string location) =>
        $"HTTP/1.1 {status} Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    public static string Json(int status, string body) => Answer(status, "application/json", body);

    /// <summary>An answer with <paramref name="status"/> and a body of <paramref name="contentType"/> (an HTML page, say).</summary>
    public static string Answer(int status, string contentType, string body) =>
        $"HTTP/1.1 {status} X\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
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
            var received = new StringBuilder();
            var buffer = new byte[8192];
            while (!received.ToString().Contains("\r\n\r\n"))
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0) return;
                received.Append(Encoding.Latin1.GetString(buffer, 0, read));
            }
            var head = received.ToString()[..received.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)];
            Requests.Enqueue(head);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(_answer(head)));
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
