using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;
using DatabricksJobs.Client.Auth;
using DatabricksJobs.Models;
using Microsoft.Extensions.DependencyInjection;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// The one HTTP client of the module: authentication, JSON, retries and errors live here, and every cmdlet
    /// goes through it. The credential gives each request its headers; secrets stay SecureStrings until then.
    /// </summary>
    public sealed class DatabricksClient : IDisposable
    {
        private const string HttpClientName = "Databricks";

        /// <summary>
        /// The process's one IHttpClientFactory, made once (see <see cref="WarmUp"/>): building a container and a factory costs tens
        /// of milliseconds, and the factory pools the handlers (so the connections) for every session and runspace. Each
        /// client takes its HttpClients from it and sets its own address and timeouts on them; disposing one never
        /// touches the pooled handlers, so other sessions go on. The factory's logging handlers are left out: nothing
        /// here logs through Microsoft.Extensions.Logging (requests are said on the Verbose stream), and they format
        /// each request's URL for a log scope nobody reads.
        /// </summary>
        private static readonly Lazy<IHttpClientFactory> Factory = new Lazy<IHttpClientFactory>(() =>
        {
            // Made here, on the warm-up's thread: reading the assembly's name costs a cold process about 2 ms.
            var userAgent = $"DatabricksJobs-PowerShell/{typeof(DatabricksClient).Assembly.GetName().Version}";
            var services = new ServiceCollection();
            services.AddHttpClient(HttpClientName, client =>
            {
                client.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
                client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            }).ConfigurePrimaryHttpMessageHandler(WithoutRedirects).RemoveAllLoggers();
            return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        }, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>
        /// What a cold process must make before a session's first calls, each started once on a pool thread of its own: the
        /// HTTP factory, and the JSON metadata of the answers the first calls read. Configuring a job's or a run's metadata
        /// walks every type they reach (settings, tasks, clusters): 150 to 400 ms of JIT on a cold process (bench/README.md),
        /// which the first typed read would otherwise wait for alone. The two are apart so that a client made at once (a
        /// bare program, a runbook's first line) builds the factory while the metadata is made beside it. Nothing fails
        /// here aloud: the factory keeps its failure, which the first client meets and reports, and a type's
        /// metadata is made again, and its failure reported, when it is first read.
        /// </summary>
        private static readonly Lazy<Task[]> Warmed = new Lazy<Task[]>(() => new[]
        {
            Task.Run(() => Quietly(() => _ = Factory.Value)),
            Task.Run(() => Quietly(() =>
            {
                var options = DatabricksJsonContext.Default.Options;
                foreach (var type in new[] { typeof(ScimUser), typeof(ListJobsResponse), typeof(ListRunsResponse), typeof(Job), typeof(Run) }) options.GetTypeInfo(type);
            })),
        }, LazyThreadSafetyMode.ExecutionAndPublication);

        private static void Quietly(Action warm)
        {
            try
            {
                warm();
            }
            catch (Exception)
            {
                // See Warmed: whatever failed is reported where it is needed.
            }
        }

        /// <summary>
        /// Starts making what a cold process needs for its first client and answers (see <see cref="Warmed"/>) on pool
        /// threads, and returns at once. Import-Module calls it, so that the work overlaps PowerShell's reading of the
        /// module and whatever comes before Connect-DbxWorkspace; a client made sooner waits only for what is left.
        /// </summary>
        public static void WarmUp() => _ = Warmed.Value;

        private readonly HttpClient _http;
        private readonly HttpClient _identityHttp;
        private readonly Credential _credential;

        /// <summary>Cancelled by Dispose, so that a request in flight or held (see HostPacer) ends as SessionDisconnected.</summary>
        private readonly CancellationTokenSource _disconnected = new CancellationTokenSource();
        private volatile bool _disposed;

        /// <summary>A client for <paramref name="host"/>; it owns <paramref name="credential"/> from now on.</summary>
        public DatabricksClient(Uri host, Credential credential, RetryPolicy? retryPolicy = null, TimeSpan? requestTimeout = null)
        {
            Host = NormalizeHost(host);
            _credential = credential;
            RetryPolicy = retryPolicy ?? RetryPolicy.Default;
            WarmUp();
            _http = Factory.Value.CreateClient(HttpClientName);
            _http.BaseAddress = Host;
            _http.Timeout = requestTimeout ?? TimeSpan.FromSeconds(60);
            // Token endpoints are other hosts (Entra ID, the metadata service), so their client has no base address.
            _identityHttp = Factory.Value.CreateClient(HttpClientName);
            _identityHttp.Timeout = TimeSpan.FromSeconds(30);
            Tokens = new TokenClient(_identityHttp, RetryPolicy);
        }

        public Uri Host { get; }
        public RetryPolicy RetryPolicy { get; }

        /// <summary>
        /// Requests carry credentials in their headers (and token requests in their bodies), and a followed redirect would
        /// send them on to wherever it points; the service sends none, so none is followed (see RetryingSender).
        /// </summary>
        private static HttpMessageHandler WithoutRedirects() => new HttpClientHandler { AllowAutoRedirect = false };

        /// <summary>How the client authenticates (PersonalAccessToken, OAuthM2M, ...).</summary>
        public string AuthType => _credential.AuthType;

        internal TokenClient Tokens { get; }

        /// <summary>
        /// Checks a workspace URL: absolute http(s), no path. A token never goes over plain http, except to this
        /// machine (an emulator on loopback).
        /// </summary>
        public static Uri NormalizeHost(Uri host)
        {
            if (host.IsAbsoluteUri && host.UserInfo.Length > 0)
                throw new ArgumentException(
                    $"The workspace URL '{WithoutUserInfo(host.OriginalString)}' holds a user name or password: give the URL alone, and the credential with -Token or the other sign-in parameters.");
            if (!host.IsAbsoluteUri || (host.Scheme != Uri.UriSchemeHttps && host.Scheme != Uri.UriSchemeHttp))
                throw new ArgumentException($"'{host}' is not a workspace URL: use https://<workspace-host>.");
            if (host.Scheme == Uri.UriSchemeHttp && !host.IsLoopback)
                throw new ArgumentException($"Refusing to send a token over plain http to '{host.Host}': use https (plain http is allowed only for loopback).");
            return new Uri(host.GetLeftPart(UriPartial.Authority) + "/");
        }

        /// <summary>A URL as text with any user:password@ masked, for messages and error targets.</summary>
        public static string WithoutUserInfo(string url) => Regex.Replace(url, @"(?<=^[A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@", "***@");

        /// <summary>
        /// GETs <paramref name="path"/> and reads the answer as the type <paramref name="responseType"/> gives. A function, asked
        /// when the answer has come, not before: asking the JSON context for a type's metadata makes it, and in a cold process
        /// that waits for the warm-up making it (see <see cref="Warmed"/>) before the request could even be sent; so the
        /// request goes out while the metadata is made beside it (bench/README.md, cold start). The same holds for every
        /// method here that reads an answer.
        /// </summary>
        public Task<T> GetAsync<T>(string path, IEnumerable<KeyValuePair<string, string?>>? query, Func<JsonTypeInfo<T>> responseType, CallContext context) =>
            SendAsync(HttpMethod.Get, path + QueryString(query), null, responseType, repeatable: true, context);

        /// <summary>
        /// A page of a list: its links to the next page are read when it has arrived, its items when <see cref="Page{TPage}.Read"/>
        /// is called, so that the caller can ask for the next page before it reads this one's.
        /// </summary>
        public Task<Page<TPage>> GetPageAsync<TPage>(string path, IEnumerable<KeyValuePair<string, string?>>? query, Func<JsonTypeInfo<TPage>> pageType, CallContext context)
        {
            var pathAndQuery = path + QueryString(query);
            return SendAsync(HttpMethod.Get, pathAndQuery, null, (text, status) =>
                Page<TPage>.Of(text, () => Read(text, pageType(), HttpMethod.Get, pathAndQuery, status)), repeatable: true, context);
        }

        /// <summary>
        /// POSTs <paramref name="body"/>. <paramref name="repeatable"/> says whether the request may be sent again after
        /// a connection failure, when the service may or may not have acted on it (true for idempotent requests).
        /// </summary>
        public Task<T> PostAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, Func<JsonTypeInfo<T>> responseType, bool repeatable, CallContext context) =>
            SendAsync(HttpMethod.Post, path, JsonSerializer.SerializeToUtf8Bytes(body, bodyType), responseType, repeatable, context);

        /// <summary>PUTs <paramref name="body"/>; a PUT replaces, so it is always repeatable.</summary>
        public Task<T> PutAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, Func<JsonTypeInfo<T>> responseType, CallContext context) =>
            SendAsync(HttpMethod.Put, path, JsonSerializer.SerializeToUtf8Bytes(body, bodyType), responseType, repeatable: true, context);

        /// <summary>PATCHes <paramref name="body"/>. The API's PATCH adds grants, so repeating one changes nothing further.</summary>
        public Task<T> PatchAsync<TBody, T>(string path, TBody body, JsonTypeInfo<TBody> bodyType, Func<JsonTypeInfo<T>> responseType, CallContext context) =>
            SendAsync(new HttpMethod("PATCH"), path, JsonSerializer.SerializeToUtf8Bytes(body, bodyType), responseType, repeatable: true, context);

        /// <summary>The query of the pairs that have a value. A loop, not LINQ: LINQ over pairs is compiled at run time on the first request's path.</summary>
        private static string QueryString(IEnumerable<KeyValuePair<string, string?>>? query)
        {
            var text = new StringBuilder();
            foreach (var pair in query ?? Array.Empty<KeyValuePair<string, string?>>())
            {
                if (pair.Value is null) continue;
                text.Append(text.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(pair.Key)).Append('=').Append(Uri.EscapeDataString(pair.Value));
            }
            return text.ToString();
        }

        private Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, byte[]? body, Func<JsonTypeInfo<T>> responseType, bool repeatable, CallContext caller) =>
            SendAsync(method, pathAndQuery, body, (text, status) => Read(text, responseType(), method, pathAndQuery, status), repeatable, caller);

        /// <summary>
        /// Sends the request (see RetryingSender) and answers what <paramref name="read"/> makes of a success answer's JSON, a
        /// JsonException from it being UnexpectedResponse; anything else is an error.
        /// </summary>
        private async Task<T> SendAsync<T>(HttpMethod method, string pathAndQuery, byte[]? body, Func<byte[], HttpStatusCode, T> read, bool repeatable, CallContext caller)
        {
            if (_disposed) throw Disconnected(method, pathAndQuery, null);
            using var ends = CancellationTokenSource.CreateLinkedTokenSource(caller.Cancellation, _disconnected.Token);
            var context = new CallContext(caller.Verbose, ends.Token, caller.OnCallerThread, caller.Deadline);
            try
            {
                // The credential values sent, masked wherever an answer is quoted (an error page may echo the request).
                var sent = new List<string>();
                for (var tokenRefused = false; ; tokenRefused = true)
                {
                    var (response, text, afterLostAnswer) = await RetryingSender.SendAsync(_http, RetryPolicy, async () =>
                    {
                        var request = new HttpRequestMessage(method, pathAndQuery.TrimStart('/'));
                        foreach (var header in await _credential.HeadersAsync(Tokens, Host, context).ConfigureAwait(false))
                        {
                            SafeHeaders.Add(request, header.Key, header.Value);
                            sent.Add(header.Value);
                        }
                        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
                        return request;
                    }, pathAndQuery, $"Could not reach {Host}", repeatable, context).ConfigureAwait(false);

                    using (response)
                    {
                        if (response.IsSuccessStatusCode)
                        {
                            // One that is not JSON at all (an HTML page, nothing) came from something that is not the Jobs API (a
                            // wrong URL, a proxy's or a sign-in page): NotTheJobsApi, naming the host and never the request's credentials.
                            if (!IsJson(text))
                                throw new DatabricksApiException(NotTheJobsApiMessage(text, method, pathAndQuery, response, sent), response.StatusCode, "NotTheJobsApi", method.Method, pathAndQuery);
                            try
                            {
                                return read(text, response.StatusCode);
                            }
                            catch (JsonException e)
                            {
                                throw Unexpected(e, response.StatusCode, method, pathAndQuery);
                            }
                        }
                        var error = ReadError(text, method, pathAndQuery, response, sent);
                        if (response.StatusCode == HttpStatusCode.Unauthorized && _credential.CanRefresh && !tokenRefused)
                        {
                            // Revoked, or expired early by the workspace's clock: one new token, then the request again.
                            context.Verbose?.Invoke($"The workspace refused the access token ({error.Message}); getting a new one.");
                            _credential.Invalidate();
                            continue;
                        }
                        // A gateway's 502 or 504 to a change that is not repeated: the workspace may have made it behind the gateway.
                        var unknown = !repeatable && response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;
                        var message = error.Message ?? response.ReasonPhrase ?? "The request failed.";
                        if (unknown) message += " The workspace may or may not have acted on the request, and it is not sent again.";
                        throw new DatabricksApiException(message, response.StatusCode, error.ErrorCode, method.Method, pathAndQuery)
                            { OutcomeUnknown = unknown, AfterLostAnswer = afterLostAnswer };
                    }
                }
            }
            catch (Exception e) when (_disposed && !caller.Cancellation.IsCancellationRequested && e is ObjectDisposedException or OperationCanceledException)
            {
                // Disconnect-DbxWorkspace (in this or another runspace) disposed the client under a running command.
                throw Disconnected(method, pathAndQuery, e);
            }
        }

        private DatabricksApiException Disconnected(HttpMethod method, string path, Exception? inner) =>
            new DatabricksApiException($"The session to {Host} was disconnected (Disconnect-DbxWorkspace) while this command used it: connect again.",
                null, "SessionDisconnected", method.Method, path, inner);

        /// <summary>A success answer's JSON read as <paramref name="type"/>; JSON of another shape is UnexpectedResponse.</summary>
        private static T Read<T>(byte[] text, JsonTypeInfo<T> type, HttpMethod method, string path, HttpStatusCode status)
        {
            try
            {
                return JsonSerializer.Deserialize(text, type) ?? throw new JsonException("The answer is null.");
            }
            catch (JsonException e)
            {
                throw Unexpected(e, status, method, path);
            }
        }

        private static DatabricksApiException Unexpected(JsonException e, HttpStatusCode status, HttpMethod method, string path) =>
            new DatabricksApiException($"The workspace answered {method} {path} with JSON that is not what the Jobs API answers: {e.Message}",
                status, "UnexpectedResponse", method.Method, path, e);

        /// <summary>The error an answer's JSON gives (masked), or else a masked excerpt of the answer.</summary>
        private ErrorBody ReadError(byte[] text, HttpMethod method, string path, HttpResponseMessage response, IEnumerable<string> sent)
        {
            if (!IsJson(text))
            {
                // The Jobs API answers every error with JSON; a page not found that is not JSON is another server's.
                if (response.StatusCode == HttpStatusCode.NotFound) return new ErrorBody { Message = NotTheJobsApiMessage(text, method, path, response, sent) };
                var excerpt = Redaction.Excerpt(text, 300, sent);
                return new ErrorBody { Message = excerpt.Length > 0 ? excerpt : $"HTTP {(int)response.StatusCode}" };
            }
            try
            {
                if (JsonSerializer.Deserialize(text, DatabricksJsonContext.Default.ErrorBody) is { } body && (body.Message ?? body.ErrorCode) is not null)
                {
                    if (body.Message is not null) body.Message = Redaction.Masked(body.Message, sent);
                    return body;
                }
            }
            catch (JsonException)
            {
            }
            return new ErrorBody { Message = Redaction.Excerpt(text, 300, sent) };
        }

        /// <summary>What an answer that is not JSON means: not the Jobs API's, so the URL may be wrong (a masked excerpt of it at most).</summary>
        private string NotTheJobsApiMessage(byte[] text, HttpMethod method, string path, HttpResponseMessage response, IEnumerable<string> sent)
        {
            var kind = response.Content.Headers.ContentType?.MediaType;
            var excerpt = Redaction.Excerpt(text, 120, sent);
            var what = text.Length == 0 ? "an empty answer" : $"{kind ?? "an answer"} that is not JSON{(excerpt.Length > 0 ? $" (\"{excerpt}\")" : "")}";
            return $"{Host.Host} answered {method} {path} with {what}, not the Jobs API's JSON: is {Host.GetLeftPart(UriPartial.Authority)} the workspace's URL? " +
                "Check -Host (or DATABRICKS_HOST, or the profile's host); a proxy or a sign-in page may have answered instead.";
        }

        /// <summary>Whether an answer is JSON: the Jobs API answers objects, so it begins with { (after any blanks).</summary>
        private static bool IsJson(byte[] text)
        {
            foreach (var b in text)
            {
                if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF) continue;
                return b == (byte)'{';
            }
            return false;
        }

        public override string ToString() => $"DatabricksClient {{ Host = {Host} }}";

        public void Dispose()
        {
            _disposed = true;
            _disconnected.Cancel();
            _http.Dispose();
            _identityHttp.Dispose();
            _credential.Dispose();
        }
    }
}
