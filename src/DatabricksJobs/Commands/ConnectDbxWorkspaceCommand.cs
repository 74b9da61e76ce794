using System;
using System.Management.Automation;
using System.Security;
using DatabricksJobs.Client;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>Connects to a Databricks workspace and makes the session the default for the other cmdlets.</summary>
    /// <remarks>
    /// <para>Connect-DbxWorkspace checks the credential (it asks the workspace who the token belongs to) and returns a session object. The session becomes the default of the runspace: the other cmdlets use it unless given -Session. Connecting again makes the new session the default; earlier sessions stay usable through -Session.</para>
    /// <para>Without -WorkspaceUrl and -Token it reads the DATABRICKS_HOST and DATABRICKS_TOKEN environment variables, as the Databricks CLI and SDKs do. The token is kept as a SecureString and never written to any output, verbose text or error.</para>
    /// <para>Requests that are throttled (429), refused while the workspace is unavailable (503) or lost on the way are retried with backoff, honouring Retry-After, for at most -RetryTimeout seconds.</para>
    /// </remarks>
    /// <example title="Connect with a personal access token">
    /// <code>
    /// $token = Read-Host -AsSecureString -Prompt 'Token'
    /// Connect-DbxWorkspace -WorkspaceUrl https://adb-1234567890123456.7.azuredatabricks.net -Token $token
    /// </code>
    /// <para>Prompts for the token without echoing it, connects, and shows the session: host, user and how it authenticated.</para>
    /// </example>
    /// <example title="Connect from environment variables, as the CLI does">
    /// <code>
    /// $env:DATABRICKS_HOST = 'https://adb-1234567890123456.7.azuredatabricks.net'
    /// $env:DATABRICKS_TOKEN = $secretFromVault
    /// Connect-DbxWorkspace | Out-Null
    /// Get-DbxJob
    /// </code>
    /// <para>Reads the host and token from the environment, then lists the jobs with the new default session.</para>
    /// </example>
    /// <example title="Work with two workspaces">
    /// <code>
    /// $dev = Connect-DbxWorkspace -WorkspaceUrl $devUrl -Token $devToken
    /// $prod = Connect-DbxWorkspace -WorkspaceUrl $prodUrl -Token $prodToken
    /// Get-DbxJob -Name nightly -Session $dev | Export-DbxJob -Path ./nightly.json
    /// New-DbxJob -Path ./nightly.json -Session $prod
    /// </code>
    /// <para>Copies a job from one workspace to another; -Session picks the workspace for each call.</para>
    /// </example>
    [Cmdlet(VerbsCommunications.Connect, "DbxWorkspace")]
    [OutputType(typeof(DatabricksSession))]
    public sealed class ConnectDbxWorkspaceCommand : DbxCmdletBase
    {
        /// <summary>The workspace URL, such as https://adb-1234567890123456.7.azuredatabricks.net (https:// may be left out).</summary>
        [Parameter(Position = 0)]
        [Alias("Host", "Url")]
        [ValidateNotNullOrEmpty]
        public string? WorkspaceUrl { get; set; }

        /// <summary>A personal access token, as a SecureString. Without it, DATABRICKS_TOKEN is read.</summary>
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
