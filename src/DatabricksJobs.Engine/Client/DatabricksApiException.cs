using System;
using System.Net;

namespace DatabricksJobs.Client
{
    /// <summary>A request the workspace answered with an error, or could not be reached for.</summary>
    public sealed class DatabricksApiException : Exception
    {
        public DatabricksApiException(string message, HttpStatusCode? statusCode, string? errorCode, string method, string path, Exception? inner = null)
            : base(message, inner)
        {
            StatusCode = statusCode;
            ErrorCode = errorCode;
            Method = method;
            Path = path;
        }

        /// <summary>The HTTP status, or null when no answer came (connection failure, timeout).</summary>
        public HttpStatusCode? StatusCode { get; }

        /// <summary>The service's error_code, such as RESOURCE_DOES_NOT_EXIST.</summary>
        public string? ErrorCode { get; }

        public string Method { get; }
        public string Path { get; }

        /// <summary>
        /// A change that is not repeated was sent, and its answer was lost: the workspace may or may not have made it.
        /// </summary>
        public bool OutcomeUnknown { get; internal set; }

        /// <summary>An earlier attempt of this same request got no answer, so the workspace may have acted on it already.</summary>
        public bool AfterLostAnswer { get; internal set; }

        /// <summary>No token could be had from a source that is not an HTTP endpoint (the Azure CLI, an -AccessToken script block).</summary>
        public bool SignInFailed { get; internal set; }

        /// <summary>The call's deadline (<see cref="CallContext.Deadline"/>) passed before the request got a usable answer.</summary>
        public bool DeadlinePassed { get; internal set; }

        /// <summary>
        /// The same error, with a sentence added that says what it means for the caller, or how to check; and, when the
        /// caller found out, whether the outcome is still unknown.
        /// </summary>
        public DatabricksApiException WithHint(string hint, bool? outcomeUnknown = null) =>
            new DatabricksApiException($"{Message} {hint}", StatusCode, ErrorCode, Method, Path, InnerException)
            {
                OutcomeUnknown = outcomeUnknown ?? OutcomeUnknown,
                AfterLostAnswer = AfterLostAnswer,
                SignInFailed = SignInFailed,
                DeadlinePassed = DeadlinePassed,
            };
    }
}
