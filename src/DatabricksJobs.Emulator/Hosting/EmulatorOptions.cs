using DatabricksJobs.Emulator.Identity;

namespace DatabricksJobs.Emulator.Hosting;

/// <summary>How an emulator instance is started. Every field has a default that a newcomer can use as is.</summary>
public sealed class EmulatorOptions
{
    public const string DefaultToken = "dapi-emulator-0123456789abcdef";
    public const string DefaultUser = "emulator-user@example.com";
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>The URLs to listen on (ASP.NET Core's <c>--urls</c>); port 0 picks a free port.</summary>
    public string Urls { get; set; } = DefaultUrl;

    /// <summary>Accepted tokens and the user each one acts as. The first one is a workspace admin.</summary>
    public List<TokenIdentity> Tokens { get; } = [];

    /// <summary>How long a task without <c>sleep_seconds</c> runs.</summary>
    public TimeSpan TaskDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Where jobs, runs and idempotency tokens are kept across restarts; none keeps state in memory. The file holds a
    /// snapshot of the state; <c>StateFile.journal</c> beside it holds the changes since, one line per write.
    /// </summary>
    public string? StateFile { get; set; }

    /// <summary>
    /// Where the emulator tells what no request asks about: at start, a state journal found damaged (what was lost,
    /// where the damaged files are kept) or ending in a torn write. Standard error unless a test catches it.
    /// </summary>
    public TextWriter Warnings { get; set; } = Console.Error;

    /// <summary>
    /// The journal is folded into the snapshot once it is larger than this and than twice the snapshot (and at start
    /// and on a clean stop). Tests make it small to compact often.
    /// </summary>
    public long JournalCompactionBytes { get; set; } = 1 << 20;

    /// <summary>Requests per second allowed per token (answered with 429 and Retry-After past it); 0 is no limit.</summary>
    public int RateLimitPerSecond { get; set; }

    /// <summary>The emulator's clock: the system's, or one a benchmark or test moves by hand.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>How often active runs are advanced.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>OAuth clients (service principals' OAuth secrets) that /oidc/v1/token issues access tokens to.</summary>
    public List<OAuthClient> OAuthClients { get; } = [];

    /// <summary>
    /// Federation policies of service principals: which pipeline ID tokens (issuer, subject, audience) /oidc/v1/token
    /// exchanges for which principal's access token (grant_type token-exchange, as github-oidc, env-oidc and the other
    /// OIDC sign-ins of the Databricks tools ask). The emulator cannot fetch an issuer's keys, so it checks the claims
    /// and the expiry of the JWT but not its signature.
    /// </summary>
    public List<FederationPolicy> FederationPolicies { get; } = [];

    /// <summary>
    /// Refresh tokens of users signed in with the Databricks CLI (databricks auth login, client id databricks-cli),
    /// and the user each stands for: /oidc/v1/token redeems one (grant_type=refresh_token) for an access token and a
    /// new refresh token, which replaces it, as the workspace rotates them.
    /// </summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> RefreshTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Azure identities that the test-only identity endpoints under /emulator/azure/ issue Microsoft Entra ID tokens
    /// to: managed identities (no secret) and service principals (with a secret).
    /// </summary>
    public List<AzureIdentity> AzureIdentities { get; } = [];

    /// <summary>How long the access tokens the emulator issues (OAuth and Azure) stay valid.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The Azure resource id of the emulated workspace. An Azure identity that is not yet a workspace member gets in
    /// only with this id in X-Databricks-Azure-Workspace-Resource-Id and a management token, as on Azure Databricks.
    /// </summary>
    public string AzureWorkspaceResourceId { get; set; } =
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/emulator/providers/Microsoft.Databricks/workspaces/emulator";

    /// <summary>The Microsoft Entra tenant the emulated login endpoint answers for.</summary>
    public string AzureTenantId { get; set; } = "72f988bf-0000-0000-0000-00000000e11a";

    /// <summary>The secret the App Service / Azure Automation identity endpoint expects in X-IDENTITY-HEADER (IDENTITY_HEADER).</summary>
    public string AzureIdentityHeader { get; set; } = Guid.NewGuid().ToString("N");

    public IReadOnlyList<TokenIdentity> EffectiveTokens =>
        Tokens.Count > 0 ? Tokens : [new TokenIdentity(DefaultToken, DefaultUser, IsAdmin: true)];
}

/// <summary>A token the emulator accepts, the user it authenticates as, and whether that user is a workspace admin.</summary>
public sealed record TokenIdentity(string Token, string UserName, bool IsAdmin)
{
    // The token never appears in logs or exceptions.
    public override string ToString() => $"TokenIdentity {{ UserName = {UserName}, IsAdmin = {IsAdmin} }}";
}
