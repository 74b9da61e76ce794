using System.Net;

namespace DatabricksJobs.Emulator.Api;

/// <summary>An error the emulator answers with a Databricks error body: <c>{"error_code", "message"}</c>.</summary>
public sealed class ApiException(HttpStatusCode status, string errorCode, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
    public string ErrorCode { get; } = errorCode;

    public static ApiException InvalidParameter(string message) =>
        new(HttpStatusCode.BadRequest, ErrorCodes.InvalidParameterValue, message);

    public static ApiException Malformed(string message) =>
        new(HttpStatusCode.BadRequest, ErrorCodes.MalformedRequest, message);

    public static ApiException NotFound(string message) =>
        new(HttpStatusCode.NotFound, ErrorCodes.ResourceDoesNotExist, message);

    public static ApiException PermissionDenied(string message) =>
        new(HttpStatusCode.Forbidden, ErrorCodes.PermissionDenied, message);

    public static ApiException MissingField(string field) =>
        InvalidParameter($"Missing required field: {field}");

    public static ApiException JobNotFound(long jobId) => NotFound($"Job {jobId} does not exist.");

    public static ApiException RunNotFound(long runId) => NotFound($"Run {runId} does not exist.");
}

/// <summary>The error codes the real service uses.</summary>
public static class ErrorCodes
{
    public const string InvalidParameterValue = "INVALID_PARAMETER_VALUE";
    public const string MalformedRequest = "MALFORMED_REQUEST";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string ResourceDoesNotExist = "RESOURCE_DOES_NOT_EXIST";
    public const string EndpointNotFound = "ENDPOINT_NOT_FOUND";
    public const string ResourceConflict = "RESOURCE_CONFLICT";
    public const string RequestLimitExceeded = "REQUEST_LIMIT_EXCEEDED";
    public const string InternalError = "INTERNAL_ERROR";
    public const string TemporarilyUnavailable = "TEMPORARILY_UNAVAILABLE";

    /// <summary>The code a real workspace pairs with an HTTP status, for injected faults.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => InvalidParameterValue,
        401 => Unauthenticated,
        403 => PermissionDenied,
        404 => ResourceDoesNotExist,
        409 => ResourceConflict,
        429 => RequestLimitExceeded,
        501 => "NOT_IMPLEMENTED",
        503 => TemporarilyUnavailable,
        504 => "DEADLINE_EXCEEDED",
        _ when status >= 500 => InternalError,
        _ => "BAD_REQUEST",
    };
}
