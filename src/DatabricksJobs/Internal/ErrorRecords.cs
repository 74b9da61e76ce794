using System;
using System.Management.Automation;
using System.Net;
using DatabricksJobs.Client;

namespace DatabricksJobs.Internal
{
    /// <summary>Errors as PowerShell users expect them: a category, a target, and the service's error_code as the error id.</summary>
    internal static class ErrorRecords
    {
        /// <summary>An error of the API as an ErrorRecord; <paramref name="prefix"/> says what the cmdlet was doing when it happened.</summary>
        public static ErrorRecord FromApi(DatabricksApiException e, object? target, string? prefix = null)
        {
            var status = (int?)e.StatusCode;
            var category = status switch
            {
                _ when e.DeadlinePassed => ErrorCategory.OperationTimeout,
                null => e.SignInFailed ? ErrorCategory.AuthenticationError : ErrorCategory.ConnectionError,
                < 300 => ErrorCategory.InvalidResult,
                400 => ErrorCategory.InvalidArgument,
                401 => ErrorCategory.AuthenticationError,
                403 => ErrorCategory.PermissionDenied,
                404 => ErrorCategory.ObjectNotFound,
                409 => ErrorCategory.ResourceExists,
                429 => ErrorCategory.LimitsExceeded,
                _ when status >= 500 => ErrorCategory.ResourceUnavailable,
                _ => ErrorCategory.NotSpecified,
            };
            // A change whose outcome is unknown says so first, whatever answered (a lost answer, a gateway's 502 or 504).
            var id = e.OutcomeUnknown ? "OutcomeUnknown" : e.ErrorCode ?? (e.DeadlinePassed ? "Timeout" : status is null ? "ConnectionFailed" : $"HTTP{status}");
            var detail = prefix + (status is null
                ? e.Message
                : $"{e.Message} ({e.ErrorCode ?? "no error code"}, HTTP {status} from {e.Method} {e.Path.Split('?')[0]})");
            return new ErrorRecord(e, id, category, target) { ErrorDetails = new ErrorDetails(detail) };
        }

        /// <summary>Input a cmdlet rejected before sending it: InvalidArgument unless the engine said more precisely.</summary>
        public static ErrorRecord FromInput(ArgumentException e, object? target) => e is InputException input
            ? Create(e.Message, input.ErrorId, input.Category, input.Target ?? target, e)
            : Create(e.Message, "InvalidArgument", ErrorCategory.InvalidArgument, target, e);

        public static ErrorRecord Create(string message, string id, ErrorCategory category, object? target, Exception? inner = null) =>
            new ErrorRecord(inner ?? new InvalidOperationException(message), id, category, target) { ErrorDetails = new ErrorDetails(message) };
    }
}
