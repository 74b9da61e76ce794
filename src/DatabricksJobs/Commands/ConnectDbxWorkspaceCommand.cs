using System;
using System.Management.Automation;
using System.Security;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>
    /// Connects to a workspace with a personal access token, checks the credential (SCIM Me), and makes the session
    /// the runspace's default. Without -Host and -Token it reads DATABRICKS_HOST and DATABRICKS_TOKEN.
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "DbxWorkspace")]
    [OutputType(typeof(DatabricksSession))]
    public sealed class ConnectDbxWorkspaceCommand : DbxCmdletBase
    {
        /// <summary>The workspace URL, such as https://adb-1234567890123456.7.azuredatabricks.net (https:// may be left out).</summary>
        [Parameter(Position = 0)]
        [Alias("Host", "Url")]
        [ValidateNotNullOrEmpty]
        public string? WorkspaceUrl { get; set; }

        /// <summary>A personal access token.</summary>
        [Parameter(Position = 1)]
        [ValidateNotNull]
        public SecureString? Token { get; set; }

        /// <summary>
        /// How long, in seconds, a request of this session may keep retrying throttling (429), unavailability (503) and
        /// connection failures before it fails. Default: 300.
        /// </summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int RetryTimeout { get; set; } = 300;

        protected override void EndProcessing()
        {
            var url = WorkspaceUrl ?? Environment.GetEnvironmentVariable("DATABRICKS_HOST");
            if (string.IsNullOrWhiteSpace(url))
                ThrowTerminatingError(ErrorRecords.Create("No workspace URL: give -Host, or set DATABRICKS_HOST.", "NoHost", ErrorCategory.InvalidArgument, null));
            var token = Token ?? TokenFromEnvironment();
            if (token is null)
                ThrowTerminatingError(ErrorRecords.Create("No token: give -Token (a SecureString), or set DATABRICKS_TOKEN.", "NoToken", ErrorCategory.InvalidArgument, url));

            DatabricksClient client;
            try
            {
                var text = url!.Trim();
                var uri = new Uri(text.Contains("://") ? text : "https://" + text, UriKind.Absolute);
                var policy = new RetryPolicy(TimeSpan.FromSeconds(RetryTimeout), RetryPolicy.Default.FirstDelay, RetryPolicy.Default.MaxDelay);
                client = new DatabricksClient(uri, token!, policy);
            }
            catch (Exception e) when (e is UriFormatException || e is ArgumentException)
            {
                ThrowTerminatingError(ErrorRecords.Create($"'{url}' is not a usable workspace URL: {e.Message}", "InvalidHost", ErrorCategory.InvalidArgument, url, e));
                return;
            }

            try
            {
                var user = Await(context => new JobsService(client).GetCurrentUserAsync(context));
                var session = new DatabricksSession(client, user, "PersonalAccessToken");
                // The new session becomes the default; sessions made before stay usable through -Session.
                SessionStore.Default = session;
                WriteVerbose($"Connected to {session.Host} as {session.UserName}.");
                WriteObject(session);
            }
            catch (DatabricksApiException e)
            {
                client.Dispose();
                ThrowTerminatingError(ErrorRecords.FromApi(e, url));
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        private static SecureString? TokenFromEnvironment()
        {
            var text = Environment.GetEnvironmentVariable("DATABRICKS_TOKEN");
            if (string.IsNullOrEmpty(text)) return null;
            var token = new SecureString();
            foreach (var c in text!) token.AppendChar(c);
            token.MakeReadOnly();
            return token;
        }
    }
}
