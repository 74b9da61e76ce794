using System.Globalization;
using DatabricksJobs.Emulator.Hosting;
using DatabricksJobs.Emulator.Identity;
using Microsoft.Extensions.Logging;

// The Databricks Jobs API emulator: `dotnet run --project src/DatabricksJobs.Emulator [options]`.
// It prints DATABRICKS_HOST=... and DATABRICKS_TOKEN=... once it listens, and stops on Ctrl+C.

const string usage = """
    Usage: DatabricksJobs.Emulator [options]

      --urls URL[;URL]         where to listen (default http://127.0.0.1:5080; port 0 picks a free port)
      --token TOKEN[=USER]     a token to accept, and the user it acts as (repeatable). The first token
                               is a workspace admin; the others are plain users. Default: one admin token.
      --task-duration SECONDS  how long a task runs unless it sets sleep_seconds (default 2)
      --state-file PATH        keep jobs, runs and idempotency tokens across restarts: PATH holds a snapshot, and
                               PATH.journal the changes since, one line per write, on disk before the answer.
                               The journal is folded into the snapshot as it grows, at start and on a clean stop.
                               A damaged journal is reported here (stderr), kept as PATH.damaged-TIME[.journal],
                               and the emulator starts with the writes before the damage.
      --rate-limit N           allow N requests per second per token, then answer 429 (default: no limit)
      --oauth-client ID=SECRET a service principal's OAuth secret that POST /oidc/v1/token accepts
                               (client credentials, scope all-apis); repeatable. Its tokens act as an admin.
      --federation-policy ISSUER|SUBJECT[|AUDIENCE]=CLIENT_ID
                               a federation policy of the service principal CLIENT_ID: POST /oidc/v1/token exchanges an
                               ID token (grant_type urn:ietf:params:oauth:grant-type:token-exchange, as github-oidc,
                               azure-devops-oidc, env-oidc and file-oidc send) whose iss, sub and aud match for that
                               principal's token; repeatable. AUDIENCE defaults to the token endpoint's own URL. The
                               JWT's claims and exp are checked but not its signature: any test JWT will do, such as
                               base64url('{"alg":"none"}').base64url('{"iss":...,"sub":...,"aud":...,"exp":...}').
      --token-lifetime SECONDS how long the access tokens it issues stay valid (default 3600)
      --refresh-token TOKEN=USER
                               a refresh token of USER signed in with the Databricks CLI (databricks auth login) that
                               POST /oidc/v1/token redeems once, for USER's token and a new refresh token; repeatable
      --managed-identity CLIENT_ID
                               the system-assigned Azure managed identity (a GUID) that the identity endpoint
                               under /emulator/azure/ gives workspace tokens to; once. Then the emulator also
                               prints IDENTITY_ENDPOINT, IDENTITY_HEADER and DATABRICKS_AZURE_RESOURCE_ID, to set
                               where Connect-DbxWorkspace -ManagedIdentity runs, as in Azure Automation
      --user-assigned-identity CLIENT_ID
                               a user-assigned managed identity, asked for by its client id
                               (-ManagedIdentityClientId); repeatable
      --identity-header SECRET the IDENTITY_HEADER secret the identity endpoint expects (default: a random one)
      --help                   show this text
    """;

var options = new EmulatorOptions();
try
{
    for (var i = 0; i < args.Length; i++)
    {
        string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
        // As on Azure, an identity's client id is a GUID; this also catches an option taken for the value.
        string ClientId()
        {
            var option = args[i];
            var value = Value();
            return Guid.TryParse(value, out var id)
                ? id.ToString()
                : throw new ArgumentException($"{option} takes the identity's client id, a GUID such as 5a5a5a5a-0000-4000-8000-000000000000, not '{value}'.");
        }
        switch (args[i])
        {
            case "--help" or "-h":
                Console.WriteLine(usage);
                return 0;
            case "--urls":
                options.Urls = Value();
                break;
            case "--token":
                var spec = Value();
                var split = spec.IndexOf('=');
                var (token, user) = split > 0 ? (spec[..split], spec[(split + 1)..]) : (spec, EmulatorOptions.DefaultUser);
                if (token.Length == 0 || user.Length == 0) throw new ArgumentException("--token needs TOKEN or TOKEN=USER.");
                options.Tokens.Add(new TokenIdentity(token, user, IsAdmin: options.Tokens.Count == 0));
                break;
            case "--task-duration":
                var text = Value();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 86_400)
                    throw new ArgumentException($"--task-duration takes seconds more than 0 and at most 86400, not '{text}'.");
                options.TaskDuration = TimeSpan.FromSeconds(seconds);
                break;
            case "--state-file":
                options.StateFile = Value();
                break;
            case "--rate-limit":
                var limit = Value();
                if (!int.TryParse(limit, out var perSecond) || perSecond < 0)
                    throw new ArgumentException($"--rate-limit takes a whole number of requests per second, not '{limit}'.");
                options.RateLimitPerSecond = perSecond;
                break;
            case "--oauth-client":
                var client = Value().Split('=', 2);
                if (client.Length != 2 || client[0].Length == 0 || client[1].Length == 0) throw new ArgumentException("--oauth-client needs ID=SECRET.");
                options.OAuthClients.Add(new OAuthClient(client[0], client[1]));
                break;
            case "--federation-policy":
                options.FederationPolicies.Add(FederationPolicy.Parse(Value()));
                break;
            case "--refresh-token":
                var grant = Value().Split('=', 2);
                if (grant.Length != 2 || grant[0].Length == 0 || grant[1].Length == 0) throw new ArgumentException("--refresh-token needs TOKEN=USER.");
                options.RefreshTokens[grant[0]] = grant[1];
                break;
            case "--managed-identity":
                if (options.AzureIdentities.Any(i => i.SystemAssigned))
                    throw new ArgumentException("--managed-identity is given once: a resource has one system-assigned identity (--user-assigned-identity adds others).");
                options.AzureIdentities.Add(new AzureIdentity(ClientId(), SystemAssigned: true));
                break;
            case "--user-assigned-identity":
                options.AzureIdentities.Add(new AzureIdentity(ClientId()));
                break;
            case "--identity-header":
                var header = Value();
                if (header.Length == 0 || header.Any(char.IsControl)) throw new ArgumentException("--identity-header needs a secret of printable characters.");
                options.AzureIdentityHeader = header;
                break;
            case "--token-lifetime":
                var lifetime = Value();
                if (!int.TryParse(lifetime, out var lifetimeSeconds) || lifetimeSeconds < 1 || lifetimeSeconds > 86_400)
                    throw new ArgumentException($"--token-lifetime takes seconds between 1 and 86400, not '{lifetime}'.");
                options.AccessTokenLifetime = TimeSpan.FromSeconds(lifetimeSeconds);
                break;
            default:
                throw new ArgumentException($"Unknown option '{args[i]}'.");
        }
    }
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(usage);
    return 2;
}

EmulatorServer server;
try
{
    // Logs go to stderr, so that stdout carries only the two lines a script reads.
    server = await EmulatorServer.StartAsync(options, logging => logging
        .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
        .AddFilter("Microsoft", LogLevel.Warning)
        // A failed start is said below in one line; the host would log it again with its stack trace.
        .AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical));
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    var where = options.Urls.Contains(';') ? $"one of {options.Urls}" : options.Urls;
    Console.Error.WriteLine($"The emulator could not start: another process is listening on {where}. " +
        "Stop it, or pick another port with --urls (port 0 picks a free one: --urls http://127.0.0.1:0).");
    return 1;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or InvalidOperationException)
{
    Console.Error.WriteLine($"The emulator could not start: {e.Message}");
    return 1;
}

await using (server)
{
    Console.WriteLine($"DATABRICKS_HOST={server.BaseUrl}");
    Console.WriteLine($"DATABRICKS_TOKEN={options.EffectiveTokens[0].Token}");
    if (options.AzureIdentities.Count > 0)
    {
        // What Azure Automation and App Service set for a managed identity, and the workspace's resource id.
        Console.WriteLine($"IDENTITY_ENDPOINT={server.BaseUrl}{IdentityEndpoints.AppServiceIdentityPath}");
        Console.WriteLine($"IDENTITY_HEADER={options.AzureIdentityHeader}");
        Console.WriteLine($"DATABRICKS_AZURE_RESOURCE_ID={options.AzureWorkspaceResourceId}");
    }
    Console.Out.Flush();
    await server.WaitForShutdownAsync();
}
return 0;
