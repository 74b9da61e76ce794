using System;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Security;
using DatabricksJobs.Client;
using DatabricksJobs.Client.Auth;
using DatabricksJobs.Completion;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Commands
{
    /// <summary>Connects to a Databricks workspace and makes the session the default for the other cmdlets.</summary>
    /// <remarks>
    /// <para>Connect-DbxWorkspace finds a credential, checks it (it asks the workspace who it authenticates as) and returns a session object. The session becomes the default of the runspace: the other cmdlets use it unless given -Session. Connecting again makes the new session the default; earlier sessions stay connected, and -Session takes them by object or by name. Get-DbxSession -All lists the sessions of the runspace, Use-DbxSession makes another one the default, Disconnect-DbxWorkspace ends them.</para>
    /// <para>A session is named after its workspace's host unless -Name gives a name: with -2, -3 and so on added when another connected session has that name already. A session that has the name given by -Name is disconnected and replaced, so that running a script that connects again does not leave the old token in use.</para>
    /// <para>It looks for the credential as the Databricks CLI and SDKs do: the parameters first, then the environment variables (DATABRICKS_HOST with DATABRICKS_TOKEN, or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, or ARM_TENANT_ID, ARM_CLIENT_ID and ARM_CLIENT_SECRET, or ARM_USE_MSI), then a profile of ~/.databrickscfg (the one -Profile or DATABRICKS_CONFIG_PROFILE names, else DEFAULT). A profile named by -Profile comes before the environment. DATABRICKS_AUTH_TYPE, or auth_type in a profile, picks one method by the Databricks SDKs' name (pat, oauth-m2m, azure-client-secret, azure-msi, azure-cli, databricks-cli, github-oidc, azure-devops-oidc, env-oidc, file-oidc) and no other, as -AuthType does for one connection: an unknown name, or a method whose settings are incomplete, is an error; a credential given as parameters is used whatever it says. The session's AuthType and CredentialSource say what was used.</para>
    /// <para>Methods: a personal access token (-Token); Databricks OAuth for a service principal (-ClientId, -ClientSecret: client credentials at the workspace's /oidc/v1/token); an Azure service principal (-TenantId, -ClientId, -ClientSecret, at Microsoft Entra ID); an Azure managed identity (-ManagedIdentity, with -ManagedIdentityClientId for a user-assigned one), in Azure Automation, App Service and Functions (IDENTITY_ENDPOINT) or on VMs (the instance metadata service); an access token you already have (-AccessToken), or a script block that gets one whenever a fresh one is needed (-AccessToken { ... }); the Azure CLI's sign-in (az login), with DATABRICKS_AUTH_TYPE=azure-cli or auth_type = azure-cli in a profile; and the Databricks CLI's sign-in (databricks auth login), with DATABRICKS_AUTH_TYPE=databricks-cli: the token it keeps in ~/.databricks/token-cache.json, looked up as the CLI does (under the profile's name, else the workspace URL), refreshed when it expires and written back under every key the CLI reads (Databricks CLI 1.0 and later keep the token in that file only with auth_storage = plaintext in the [__settings__] section of ~/.databrickscfg). In a CI pipeline, no secret is needed: github-oidc, azure-devops-oidc, env-oidc and file-oidc exchange the pipeline's own ID token (a JWT) for a Databricks token at the workspace's /oidc/v1/token (grant_type urn:ietf:params:oauth:grant-type:token-exchange), as the service principal DATABRICKS_CLIENT_ID (client_id in a profile), whose federation policy must trust the pipeline's issuer and subject. github-oidc asks GitHub Actions for the token (ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN, set when the job has permissions: id-token: write) with the audience DATABRICKS_TOKEN_AUDIENCE, by default the workspace's token endpoint URL; azure-devops-oidc asks the Azure DevOps job (SYSTEM_ACCESSTOKEN mapped into the step's env, and the SYSTEM_ variables of the job); env-oidc reads DATABRICKS_OIDC_TOKEN, or the variable DATABRICKS_OIDC_TOKEN_ENV names; file-oidc reads the file DATABRICKS_OIDC_TOKEN_FILEPATH (oidc_token_filepath) names. The token is exchanged again, with a fresh ID token, before it expires. Without an auth type, these are tried as in the SDKs' default order, after a token and a Databricks OAuth secret, when their ID token is at hand. With -AzureResourceId, Azure identities also send the workspace's resource id and a management token, which lets an identity that is not yet a workspace user in.</para>
    /// <para>-Credential takes the token or secret as a PSCredential, such as an Azure Automation credential asset (Get-AutomationPSCredential); its password is the token or the secret. Alone, it is a personal access token, and its user name is ignored. With -ServicePrincipal, its user name is the client id of a service principal and its password the Databricks OAuth secret. With -TenantId, its user name is the client id of an Azure service principal and its password the client secret.</para>
    /// <para>Tokens that are fetched are kept and refreshed before they expire, so a wait of hours outlives a token of one hour. Secrets are kept as SecureString and never written to any output, verbose text or error. Requests that are throttled (429), refused while the workspace is unavailable (503) or lost on the way are retried with backoff, honouring Retry-After, for at most -RetryTimeout seconds. A 429 holds every request of the process to that workspace, in every session and runspace, until its Retry-After has passed, and paces them for a while after.</para>
    /// </remarks>
    /// <example title="Connect with a personal access token">
    /// <code>
    /// $token = Read-Host -AsSecureString -Prompt 'Token'
    /// Connect-DbxWorkspace -WorkspaceUrl https://adb-1234567890123456.7.azuredatabricks.net -Token $token
    /// </code>
    /// <para>Prompts for the token without echoing it, connects, and shows the session: host, user and how it authenticated.</para>
    /// </example>
    /// <example title="Connect from an Azure Automation runbook with its managed identity">
    /// <code>
    /// Connect-DbxWorkspace -WorkspaceUrl https://adb-1234567890123456.7.azuredatabricks.net -ManagedIdentity `
    ///     -AzureResourceId '/subscriptions/.../resourceGroups/data/providers/Microsoft.Databricks/workspaces/prod'
    /// Get-DbxJob -Name 'nightly load' | Invoke-DbxJobRun -Wait -ErrorAction Stop
    /// </code>
    /// <para>The runbook's system-assigned identity gets tokens from the Automation identity endpoint; they are refreshed during the wait.</para>
    /// </example>
    /// <example title="Connect as a service principal with Databricks OAuth, in a pipeline">
    /// <code>
    /// $secret = ConvertTo-SecureString $env:SP_SECRET -AsPlainText -Force
    /// Connect-DbxWorkspace -WorkspaceUrl $env:DATABRICKS_HOST -ClientId $env:SP_CLIENT_ID -ClientSecret $secret
    /// </code>
    /// <para>Exchanges the service principal's OAuth secret for short-lived access tokens at the workspace.</para>
    /// </example>
    /// <example title="Connect from a runbook with an Azure Automation credential asset">
    /// <code>
    /// $asset = Get-AutomationPSCredential -Name 'databricks-token'
    /// Connect-DbxWorkspace -WorkspaceUrl https://adb-1234567890123456.7.azuredatabricks.net -Credential $asset
    /// </code>
    /// <para>The asset's password is a personal access token; its user name can be anything, and is not used.</para>
    /// </example>
    /// <example title="Connect as an Azure service principal kept in a credential asset">
    /// <code>
    /// $sp = Get-AutomationPSCredential -Name 'databricks-sp'
    /// Connect-DbxWorkspace -WorkspaceUrl https://adb-1234567890123456.7.azuredatabricks.net -Credential $sp -TenantId 72f988bf-86f1-41af-91ab-2d7cd011db47
    /// </code>
    /// <para>The asset's user name is the service principal's client (application) id and its password the client secret, exchanged for tokens at Microsoft Entra ID. With -ServicePrincipal instead of -TenantId, they are a client id and an OAuth secret of Databricks.</para>
    /// </example>
    /// <example title="Connect with tokens from Az PowerShell, fetched again as they expire">
    /// <code>
    /// Connect-AzAccount -Identity
    /// Connect-DbxWorkspace -WorkspaceUrl https://adb-1234567890123456.7.azuredatabricks.net -AccessToken {
    ///     (Get-AzAccessToken -ResourceUrl 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d).Token
    /// }
    /// Get-DbxJob -Name 'nightly load' | Invoke-DbxJobRun -Wait
    /// </code>
    /// <para>The script block runs at connect, and again before each token expires or when the workspace refuses one, so a wait of several hours does not fail.</para>
    /// </example>
    /// <example title="Connect with the Azure CLI's sign-in">
    /// <code>
    /// az login
    /// $env:DATABRICKS_AUTH_TYPE = 'azure-cli'
    /// Connect-DbxWorkspace -WorkspaceUrl https://adb-1234567890123456.7.azuredatabricks.net
    /// </code>
    /// <para>Gets tokens with az account get-access-token, as the Databricks CLI and SDKs do.</para>
    /// </example>
    /// <example title="Connect from GitHub Actions without a secret">
    /// <code>
    /// # The workflow has: permissions: id-token: write
    /// $env:DATABRICKS_CLIENT_ID = '00000000-0000-0000-0000-000000000000'   # the service principal's application id
    /// Connect-DbxWorkspace -WorkspaceUrl https://adb-1234567890123456.7.azuredatabricks.net -AuthType github-oidc
    /// Get-DbxJob -Name 'nightly load' | Invoke-DbxJobRun -Wait -ErrorAction Stop
    /// </code>
    /// <para>Exchanges the workflow's GitHub ID token for a Databricks token of the service principal, whose federation policy trusts the repository (issuer https://token.actions.githubusercontent.com, subject such as repo:acme/jobs:ref:refs/heads/main).</para>
    /// </example>
    /// <example title="Connect from an Azure DevOps pipeline without a secret">
    /// <code>
    /// # The step maps the job's token into its environment: env: SYSTEM_ACCESSTOKEN: $(System.AccessToken)
    /// $env:DATABRICKS_CLIENT_ID = '00000000-0000-0000-0000-000000000000'
    /// Connect-DbxWorkspace -WorkspaceUrl https://adb-1234567890123456.7.azuredatabricks.net -AuthType azure-devops-oidc
    /// </code>
    /// <para>Asks the job for its ID token (the audience is always api://AzureADTokenExchange) and exchanges it at the workspace.</para>
    /// </example>
    /// <example title="Connect with an ID token another tool wrote to a file">
    /// <code>
    /// $env:DATABRICKS_OIDC_TOKEN_FILEPATH = '/var/run/secrets/tokens/databricks'
    /// $env:DATABRICKS_CLIENT_ID = '00000000-0000-0000-0000-000000000000'
    /// Connect-DbxWorkspace -WorkspaceUrl https://adb-1234567890123456.7.azuredatabricks.net -AuthType file-oidc
    /// </code>
    /// <para>Reads the file again for each exchange, so a token the platform rotates in place is followed. With -AuthType env-oidc the token is in DATABRICKS_OIDC_TOKEN instead.</para>
    /// </example>
    /// <example title="Connect with a profile of the Databricks CLI">
    /// <code>
    /// Connect-DbxWorkspace -Profile prod
    /// </code>
    /// <para>Uses the [prod] section of ~/.databrickscfg, whatever credential it holds.</para>
    /// </example>
    /// <example title="Work with two workspaces">
    /// <code>
    /// Connect-DbxWorkspace -Profile dev -Name dev
    /// Connect-DbxWorkspace -Profile prod -Name prod
    /// Get-DbxJob -Name nightly -Session dev | Export-DbxJob -Path ./nightly.json
    /// New-DbxJob -Path ./nightly.json -Session prod
    /// </code>
    /// <para>Copies a job from one workspace to another; -Session picks the workspace for each call, by name. The session connected last, prod, is the default.</para>
    /// </example>
    /// <seealso href="https://docs.databricks.com/aws/en/dev-tools/auth/unified-auth">Databricks unified authentication: where credentials are looked for</seealso>
    /// <seealso cref="GetDbxSessionCommand"/>
    /// <seealso cref="UseDbxSessionCommand"/>
    /// <seealso cref="DisconnectDbxWorkspaceCommand"/>
    /// <seealso cref="GetDbxJobCommand"/>
    [Cmdlet(VerbsCommunications.Connect, "DbxWorkspace", DefaultParameterSetName = DiscoverSet)]
    [OutputType(typeof(DatabricksSession))]
    public sealed class ConnectDbxWorkspaceCommand : DbxCmdletBase
    {
        private const string DiscoverSet = "Discover";
        private const string TokenSet = "Token";
        private const string OAuthSet = "OAuth";
        private const string AzureServicePrincipalSet = "AzureServicePrincipal";
        private const string ManagedIdentitySet = "ManagedIdentity";
        private const string AccessTokenSet = "AccessToken";
        private const string CredentialSet = "Credential";
        private const string OAuthCredentialSet = "OAuthCredential";
        private const string AzureServicePrincipalCredentialSet = "AzureServicePrincipalCredential";

        /// <summary>The workspace URL, such as https://adb-1234567890123456.7.azuredatabricks.net (https:// may be left out). Without it, DATABRICKS_HOST or the profile's host.</summary>
        [Parameter(Position = 0)]
        [Alias("Host", "Url")]
        [ValidateNotNullOrEmpty]
        public string? WorkspaceUrl { get; set; }

        /// <summary>A personal access token, as a SecureString.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = TokenSet)]
        [ValidateNotNull]
        public SecureString? Token { get; set; }

        /// <summary>The client (application) id of a service principal: for Databricks OAuth, or with -TenantId for Microsoft Entra ID.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OAuthSet)]
        [Parameter(Mandatory = true, ParameterSetName = AzureServicePrincipalSet)]
        [ValidateNotNullOrEmpty]
        public string? ClientId { get; set; }

        /// <summary>The service principal's secret, as a SecureString: its Databricks OAuth secret, or with -TenantId its Entra ID client secret.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OAuthSet)]
        [Parameter(Mandatory = true, ParameterSetName = AzureServicePrincipalSet)]
        [ValidateNotNull]
        public SecureString? ClientSecret { get; set; }

        /// <summary>The Microsoft Entra tenant (directory) id of an Azure service principal.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AzureServicePrincipalSet)]
        [Parameter(Mandatory = true, ParameterSetName = AzureServicePrincipalCredentialSet)]
        [ValidateNotNullOrEmpty]
        public string? TenantId { get; set; }

        /// <summary>Authenticate as the Azure managed identity of where this runs (Azure Automation, App Service, Functions, a VM).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ManagedIdentitySet)]
        public SwitchParameter ManagedIdentity { get; set; }

        /// <summary>The client id of a user-assigned managed identity; without it, the system-assigned one.</summary>
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [ValidateNotNullOrEmpty]
        public string? ManagedIdentityClientId { get; set; }

        /// <summary>
        /// The workspace's Azure resource id (/subscriptions/.../providers/Microsoft.Databricks/workspaces/NAME), sent with
        /// Azure credentials so that an identity that is not yet a workspace user is let in.
        /// </summary>
        [Parameter(ParameterSetName = ManagedIdentitySet)]
        [Parameter(ParameterSetName = AzureServicePrincipalSet)]
        [Parameter(ParameterSetName = AzureServicePrincipalCredentialSet)]
        [Parameter(ParameterSetName = DiscoverSet)]
        [ValidateNotNullOrEmpty]
        public string? AzureResourceId { get; set; }

        /// <summary>
        /// An access token, as a SecureString, used as is and not refreshed; or a script block that gets a fresh one, such
        /// as { (Get-AzAccessToken -ResourceUrl 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d).Token }. The script block returns
        /// the token as a string or a SecureString; it runs at connect, again before the token expires (when the token
        /// is a JWT, whose exp says when), and whenever the workspace refuses the token, so a wait of hours outlives
        /// tokens of one hour. It runs in this runspace, during the commands that use the session.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
        [ValidateNotNull]
        public object? AccessToken { get; set; }

        /// <summary>
        /// The token or secret as a PSCredential, such as an Azure Automation credential asset: its password is the
        /// personal access token, or with -ServicePrincipal or -TenantId the service principal's secret, whose client id
        /// is then its user name. The user name of a personal access token is ignored.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
        [Parameter(Mandatory = true, ParameterSetName = OAuthCredentialSet)]
        [Parameter(Mandatory = true, ParameterSetName = AzureServicePrincipalCredentialSet)]
        [ValidateNotNull]
        public PSCredential? Credential { get; set; }

        /// <summary>
        /// The -Credential is a service principal's: its user name the client id, its password the Databricks OAuth
        /// secret, or with -TenantId the Microsoft Entra ID client secret.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = OAuthCredentialSet)]
        [Parameter(ParameterSetName = AzureServicePrincipalCredentialSet)]
        public SwitchParameter ServicePrincipal { get; set; }

        /// <summary>
        /// The session's name, which -Session of every cmdlet takes in place of the session. Default: the workspace's
        /// host name (with its port, if any), with -2, -3 and so on added when another session has it. A session that
        /// has the name given is disconnected and replaced, once the new one has connected.
        /// </summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SessionNameCompleter))]
        public string? Name { get; set; }

        /// <summary>
        /// The one sign-in method to use, by the Databricks SDKs' name, as DATABRICKS_AUTH_TYPE sets it: pat, oauth-m2m,
        /// azure-client-secret, azure-msi, azure-cli, databricks-cli, or one of the pipeline sign-ins without a secret:
        /// github-oidc, azure-devops-oidc, env-oidc, file-oidc. Its settings come from the environment variables or the profile.
        /// </summary>
        [Parameter(ParameterSetName = DiscoverSet)]
        [ValidateNotNullOrEmpty]
        public string? AuthType { get; set; }

        /// <summary>A profile of ~/.databrickscfg (or DATABRICKS_CONFIG_FILE) to take the host and credential from; by default DATABRICKS_CONFIG_PROFILE, else DEFAULT.</summary>
        [Parameter(ParameterSetName = DiscoverSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ProfileCompleter))]
        public string? Profile { get; set; }

        /// <summary>
        /// How long, in seconds, a request of this session may keep retrying throttling (429), unavailability (503) and
        /// connection failures before it fails. Default: 300.
        /// </summary>
        [Parameter]
        [ValidateRange(0, 86400)]
        public int RetryTimeout { get; set; } = 300;

        protected override void EndProcessing()
        {
            var name = Name?.Trim();
            if (name is { Length: 0 })
                ThrowTerminatingError(ErrorRecords.Create("-Name is blank: give the session a name, or leave -Name out to name it after the workspace.",
                    "InvalidSessionName", ErrorCategory.InvalidArgument, Name));

            ResolvedCredential resolved;
            try
            {
                resolved = CredentialResolver.Resolve(FromParameters(), Profile, WriteVerbose);
            }
            catch (CredentialResolutionException e)
            {
                ThrowTerminatingError(ErrorRecords.Create(e.Message, e.ErrorId, ErrorCategory.InvalidArgument, WorkspaceUrl is null ? null : DatabricksClient.WithoutUserInfo(WorkspaceUrl), e));
                return;
            }

            var policy = new RetryPolicy(TimeSpan.FromSeconds(RetryTimeout), RetryPolicy.Default.FirstDelay, RetryPolicy.Default.MaxDelay);
            var client = new DatabricksClient(resolved.Host, resolved.Credential, policy);
            try
            {
                var user = Await(context => new JobsService(client).GetCurrentUserAsync(context));
                var session = new DatabricksSession(client, user, resolved.Source);
                // The new session becomes the default; sessions made before stay usable through -Session.
                if (SessionStore.Add(session, name) is { } replaced)
                {
                    replaced.Disconnect();
                    WriteVerbose($"Disconnected the earlier session named '{replaced.Name}' ({replaced}).");
                }
                WriteVerbose($"Connected to {session.Host} as {session.UserName} ({session.AuthType} from {session.CredentialSource}), as session '{session.Name}'.");
                WriteObject(session);
            }
            catch (DatabricksApiException e)
            {
                client.Dispose();
                ThrowTerminatingError(ErrorRecords.FromApi(e, resolved.Host.ToString()));
            }
            catch (ArgumentException e)
            {
                // A token endpoint from the environment (IDENTITY_ENDPOINT, AZURE_AUTHORITY_HOST, ...) that cannot be used.
                client.Dispose();
                ThrowTerminatingError(ErrorRecords.Create(e.Message, "InvalidTokenEndpoint", ErrorCategory.InvalidArgument, resolved.Host.ToString(), e));
            }
            catch
            {
                client.Dispose();
                throw;
            }
        }

        /// <summary>What the parameters say; the parameter sets let them name one credential at most.</summary>
        private AuthSettings FromParameters()
        {
            var settings = new AuthSettings("parameters") { Host = WorkspaceUrl, Token = Token, AzureResourceId = AzureResourceId, AuthType = AuthType };
            switch (ParameterSetName)
            {
                case AccessTokenSet:
                    switch (AccessToken is PSObject wrapped ? wrapped.BaseObject : AccessToken)
                    {
                        case SecureString token:
                            settings.AccessToken = token;
                            break;
                        case ScriptBlock script:
                            settings.AccessTokenSource = TokenSource(script);
                            break;
                        default:
                            throw new CredentialResolutionException(
                                "-AccessToken takes a SecureString or a script block that returns the token: a token as plain text would be kept in the command history.",
                                "InvalidCredential");
                    }
                    break;
                case OAuthSet:
                    settings.ClientId = ClientId;
                    settings.ClientSecret = ClientSecret;
                    break;
                case AzureServicePrincipalSet:
                    settings.AzureTenantId = TenantId;
                    settings.AzureClientId = ClientId;
                    settings.AzureClientSecret = ClientSecret;
                    break;
                case ManagedIdentitySet:
                    settings.AzureUseMsi = true;
                    settings.AzureClientId = ManagedIdentityClientId;
                    break;
                case CredentialSet:
                    settings.Token = PasswordOf(Credential!);
                    break;
                case OAuthCredentialSet:
                    settings.ClientId = ClientIdOf(Credential!);
                    settings.ClientSecret = PasswordOf(Credential!);
                    break;
                case AzureServicePrincipalCredentialSet:
                    settings.AzureTenantId = TenantId;
                    settings.AzureClientId = ClientIdOf(Credential!);
                    settings.AzureClientSecret = PasswordOf(Credential!);
                    break;
            }
            return settings;
        }

        /// <summary>
        /// Runs the -AccessToken script block (on the pipeline thread: the engine calls this through
        /// CallContext.OnCallerThread) and answers a copy of the token it returns.
        /// </summary>
        private static Func<SecureString> TokenSource(ScriptBlock script) => () =>
        {
            Collection<PSObject> output;
            try
            {
                output = script.Invoke();
            }
            catch (RuntimeException e) when (e is not PipelineStoppedException)
            {
                throw TokenSourceCredential.SignInFailure($"The -AccessToken script block failed: {e.Message}", inner: e);
            }
            return output.LastOrDefault(o => o is not null)?.BaseObject switch
            {
                SecureString secure => secure.Copy(),
                string text => Secrets.ToSecure(text),
                var other => throw TokenSourceCredential.SignInFailure(
                    $"The -AccessToken script block returned {(other is null ? "nothing" : "a " + other.GetType().Name)}, not a token: it must return the token as a string or a SecureString, such as (Get-AzAccessToken -ResourceUrl 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d).Token."),
            };
        };

        // An empty password or user name is refused here, where it can be named as -Credential's: sent, it would be
        // refused by the workspace or Entra ID in words that say less. Cleaned() trims them and checks the characters.
        private static SecureString PasswordOf(PSCredential credential) => credential.Password is { Length: > 0 } password
            ? password
            : throw new CredentialResolutionException("The password of -Credential is empty: it must hold the token, or the service principal's secret.", "InvalidCredential");

        private static string ClientIdOf(PSCredential credential) => !string.IsNullOrWhiteSpace(credential.UserName)
            ? credential.UserName
            : throw new CredentialResolutionException("The user name of -Credential is empty: with -ServicePrincipal or -TenantId it must be the service principal's client id.", "InvalidCredential");
    }
}
