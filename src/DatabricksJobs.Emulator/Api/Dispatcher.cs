using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DatabricksJobs.Emulator.Engine;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Identity;
using DatabricksJobs.Emulator.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace DatabricksJobs.Emulator.Api;

/// <summary>
/// Every request goes through here: authentication, the rate limit, armed faults, then the endpoint.
/// Answers are Databricks error bodies whatever goes wrong; an unexpected exception is logged and answered
/// 500 INTERNAL_ERROR, which no test should ever see.
/// </summary>
public sealed partial class Dispatcher(
    Workspace workspace, EmulatorOptions options, FaultInjector faults, RequestCounter counter, TokenIssuer issuer, IdentityEndpoints identityEndpoints,
    ILogger<Dispatcher> logger)
{
    private const int MaxBodyBytes = 10 * 1024 * 1024;
    private readonly RateLimiter _rateLimiter = new(options.RateLimitPerSecond);
    private readonly Dictionary<string, TokenIdentity> _tokens = options.EffectiveTokens.ToDictionary(t => t.Token, StringComparer.Ordinal);

    [GeneratedRegex(@"^/api/(?<version>2\.[012])/(?<route>.+?)/?$")]
    private static partial Regex ApiPath();

    [GeneratedRegex(@"^permissions/jobs/(?<id>[^/]+?)(?<levels>/permissionLevels)?$")]
    private static partial Regex PermissionsPath();

    public async Task HandleAsync(HttpContext http)
    {
        var method = http.Request.Method;
        var path = http.Request.Path.Value ?? "/";
        if (IdentityEndpoints.Serves(path))
        {
            await AnswerIdentityAsync(http, method, path);
            return;
        }
        var isControl = path.StartsWith("/emulator/", StringComparison.Ordinal);
        ApiResult result;
        try
        {
            var identity = Authenticate(http);
            if (!isControl && !_rateLimiter.Allow(identity.Token, workspace.Now))
            {
                http.Response.Headers.RetryAfter = "1";
                throw new ApiException((HttpStatusCode)429, ErrorCodes.RequestLimitExceeded,
                    $"The rate limit of {options.RateLimitPerSecond} requests per second was exceeded. Retry after 1 second.");
            }
            var fault = isControl ? null : faults.Take(method, path);
            if (fault?.DelayMs is > 0) await Task.Delay(fault.DelayMs.Value, http.RequestAborted);
            // Only a status or a body fault has one (FaultInjector), and either is the answer it goes with.
            if (fault?.RetryAfterSeconds is { } retryAfter) http.Response.Headers.RetryAfter = retryAfter.ToString();
            if (fault?.Body is { } answer)
            {
                counter.Count(method, path, fault.Status ?? 200);
                await WriteAsync(http, fault.Status ?? 200, fault.ContentType ?? "application/json", Encoding.UTF8.GetBytes(answer));
                return;
            }
            if (fault?.Status is { } status)
            {
                throw new ApiException((HttpStatusCode)status, fault.ErrorCode ?? ErrorCodes.ForStatus(status),
                    fault.Message ?? $"Injected fault: {status}.");
            }

            var body = await ReadBodyAsync(http);
            var caller = new Caller(identity.UserName, identity.IsAdmin);
            result = isControl ? Control(method, path, body) : Route(http, method, path, caller, body);

            if (fault?.DropConnection == true)
            {
                // The request was handled; the client never hears of it.
                counter.Count(method, path, result.Status);
                http.Abort();
                return;
            }
        }
        catch (ApiException e)
        {
            result = ApiResult.Json((int)e.Status, new ErrorBody { ErrorCode = e.ErrorCode, Message = e.Message }, EmulatorJsonContext.Default.ErrorBody);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Unhandled error in {Method} {Path}", method, path);
            result = ApiResult.Json(500, new ErrorBody { ErrorCode = ErrorCodes.InternalError, Message = "Internal error in the emulator." },
                EmulatorJsonContext.Default.ErrorBody);
        }

        if (!isControl) counter.Count(method, path, result.Status);
        await WriteJsonAsync(http, result.Status, result.Body);
    }

    /// <summary>
    /// A personal access token of the options, or a token the emulator issued: a Databricks OAuth token, or an Entra ID
    /// token for Azure Databricks, whose identity must be a workspace member or join through the resource id header.
    /// </summary>
    private TokenIdentity Authenticate(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            throw new ApiException(HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated,
                "Credential was not sent or was of an unsupported type for this API.");
        var token = header["Bearer ".Length..].Trim();
        if (_tokens.TryGetValue(token, out var identity)) return identity;
        var issued = issuer.Find(token) is { Audience: Audiences.Workspace or Audiences.AzureDatabricks } found
            ? found
            : throw new ApiException(HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated, "Invalid access token.");
        if (issued.ExpiresAt <= issuer.Now)
            throw new ApiException(HttpStatusCode.Unauthorized, ErrorCodes.Unauthenticated, "The access token has expired.");
        if (issued.Audience == Audiences.AzureDatabricks) AdmitAzureIdentity(http, issued);
        return new TokenIdentity(token, issued.Principal, issued.IsAdmin);
    }

    private const string ResourceIdHeader = "X-Databricks-Azure-Workspace-Resource-Id";
    private const string ManagementTokenHeader = "X-Databricks-Azure-SP-Management-Token";

    /// <summary>As on Azure Databricks: a resource id header must name this workspace, and brings a newcomer in with a management token.</summary>
    private void AdmitAzureIdentity(HttpContext http, IssuedToken issued)
    {
        var resourceId = http.Request.Headers[ResourceIdHeader].ToString();
        if (resourceId.Length > 0 && !resourceId.Equals(options.AzureWorkspaceResourceId, StringComparison.OrdinalIgnoreCase))
            throw new ApiException(HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied, $"The Azure resource id '{resourceId}' does not name this workspace.");
        var identity = options.AzureIdentities.FirstOrDefault(i => i.ClientId == issued.Principal);
        if (identity is null || issuer.IsMember(identity)) return;
        var management = issuer.Find(http.Request.Headers[ManagementTokenHeader].ToString());
        if (resourceId.Length == 0 || management is null || management.Audience != Audiences.AzureManagement || management.Principal != issued.Principal || management.ExpiresAt <= issuer.Now)
            throw new ApiException(HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied,
                $"{issued.Principal} is not a member of this workspace. Send the workspace's Azure resource id ({ResourceIdHeader}) and a management token ({ManagementTokenHeader}) to be added.");
        issuer.AddMember(identity.ClientId);
    }

    private async Task AnswerIdentityAsync(HttpContext http, string method, string path)
    {
        IdentityEndpoints.Answer answer;
        try
        {
            answer = await identityEndpoints.HandleAsync(http);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && http.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // A bad request is answered with a 4xx OAuth error where it is found; this is the emulator's own fault.
            logger.LogError(e, "Unhandled error in {Method} {Path}", method, path);
            answer = new IdentityEndpoints.Answer(500, new() { ["error"] = "server_error", ["error_description"] = "Internal error in the emulator." });
        }
        counter.Count(method, path, answer.Status);
        await WriteJsonAsync(http, answer.Status, Encoding.UTF8.GetBytes(answer.Body.ToJsonString()));
    }

    private static Task WriteJsonAsync(HttpContext http, int status, byte[] body) => WriteAsync(http, status, "application/json", body);

    private static async Task WriteAsync(HttpContext http, int status, string contentType, byte[] body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }

    /// <summary>
    /// The body, at most 10 MB of it: reading stops past that, so that a chunked body never reaches Kestrel's own limit.
    /// Broken framing (a bad chunk) is a malformed request, as any other unreadable body.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes) throw ApiException.InvalidParameter("The request body is too large.");
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > MaxBodyBytes) throw ApiException.InvalidParameter("The request body is too large.");
            }
        }
        catch (BadHttpRequestException e)
        {
            throw e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiException.InvalidParameter("The request body is too large.")
                : ApiException.Malformed($"The request body could not be read: {e.Message}");
        }
        return buffer.ToArray();
    }

    private ApiResult Route(HttpContext http, string method, string path, Caller caller, byte[] body)
    {
        var match = ApiPath().Match(path);
        if (!match.Success) throw NoSuchEndpoint(method, path);
        var version = match.Groups["version"].Value;
        var route = match.Groups["route"].Value;
        var baseUrl = $"{http.Request.Scheme}://{http.Request.Host}";
        var request = new ApiRequest(http, workspace, caller, version, body, baseUrl);

        if (route.StartsWith("jobs/", StringComparison.Ordinal) && JobsApi.VersionedRoutes.TryGetValue($"{method} {route}", out var handler))
            return handler(request);
        if (version == "2.0" && JobsApi.Version20Routes.TryGetValue($"{method} {route}", out handler))
            return handler(request);
        if (version == "2.0" && PermissionsPath().Match(route) is { Success: true } permissions)
        {
            if (!long.TryParse(permissions.Groups["id"].Value, out var jobId))
                throw ApiException.InvalidParameter($"Invalid job id '{permissions.Groups["id"].Value}'.");
            return JobsApi.Permissions(request, method, jobId, permissions.Groups["levels"].Success);
        }
        throw NoSuchEndpoint(method, path);
    }

    public static ApiException NoSuchEndpoint(string method, string path) =>
        new(HttpStatusCode.NotFound, ErrorCodes.EndpointNotFound, $"No API found for '{method} {path}'");

    /// <summary>The test controls under /emulator/ (not part of the Databricks API).</summary>
    private ApiResult Control(string method, string path, byte[] body)
    {
        var json = EmulatorJsonContext.Default;
        switch (method, path.TrimEnd('/'))
        {
            case ("POST", "/emulator/faults"):
                FaultSpec fault;
                try
                {
                    fault = JsonSerializer.Deserialize(body, json.FaultSpec) ?? throw ApiException.Malformed("Expected a fault object.");
                }
                catch (JsonException)
                {
                    throw ApiException.Malformed("Invalid JSON given in the body of the request - expected a fault object.");
                }
                faults.Arm(fault);
                return ApiResult.Json(200, faults.List(), json.FaultList);
            case ("GET", "/emulator/faults"):
                return ApiResult.Json(200, faults.List(), json.FaultList);
            case ("DELETE", "/emulator/faults"):
                faults.Clear();
                return ApiResult.Json(200, faults.List(), json.FaultList);
            case ("POST", "/emulator/reset"):
                workspace.Locked(workspace.Reset);
                return ApiResult.Json(200, new EmptyResponse(), json.EmptyResponse);
            case ("POST", "/emulator/policies"):
                ClusterPolicy policy;
                try
                {
                    policy = JsonSerializer.Deserialize(body, json.ClusterPolicy) ?? throw ApiException.Malformed("Expected a policy object.");
                }
                catch (JsonException)
                {
                    throw ApiException.Malformed("Invalid JSON given in the body of the request - expected a policy object.");
                }
                return ApiResult.Json(200, workspace.Locked(() => workspace.DefinePolicy(policy)), json.ClusterPolicyList);
            case ("GET", "/emulator/policies"):
                return ApiResult.Json(200, workspace.Shared(workspace.ListPolicies), json.ClusterPolicyList);
            case ("GET", "/emulator/stats"):
                return ApiResult.Json(200, counter.Snapshot(), json.RequestStats);
            case ("DELETE", "/emulator/stats"):
                counter.Clear();
                return ApiResult.Json(200, counter.Snapshot(), json.RequestStats);
            default:
                throw NoSuchEndpoint(method, path);
        }
    }
}
