using System;
using System.Management.Automation;

namespace DatabricksJobs.Internal
{
    /// <summary>
    /// Input a cmdlet cannot send, found before anything is sent: an ArgumentException (so that it stays an error of
    /// its own pipeline item) that says which error id and category its ErrorRecord gets, and, when the input at fault
    /// is not the item itself (a file of a job's settings), what to name as the error's target.
    /// </summary>
    internal sealed class InputException : ArgumentException
    {
        public InputException(string message, string errorId, ErrorCategory category = ErrorCategory.InvalidArgument, object? target = null,
            Exception? inner = null) : base(message, inner)
        {
            ErrorId = errorId;
            Category = category;
            Target = target;
        }

        public string ErrorId { get; }

        public ErrorCategory Category { get; }

        public object? Target { get; }
    }
}
