using System;
using System.Net.Http;
using System.Security;
using System.Threading.Tasks;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// An Azure service principal with a client secret: client credentials at Microsoft Entra ID's v2.0 token endpoint
    /// of the tenant (login.microsoftonline.com, or AZURE_AUTHORITY_HOST for other clouds).
    /// </summary>
    public sealed class AzureServicePrincipalCredential : AzureCredential
    {
        private const string PublicCloudAuthority = "https://login.microsoftonline.com";
        private readonly SecureString _secret;

        public AzureServicePrincipalCredential(string tenantId, string clientId, SecureString secret, string? azureResourceId)
            : base(azureResourceId)
        {
            TenantId = tenantId;
            ClientId = clientId;
            _secret = Secrets.ReadOnlyCopy(secret);
        }

        public string TenantId { get; }
        public string ClientId { get; }

        public override string AuthType => "AzureServicePrincipal";

        internal override Task<TokenResponseInfo> FetchAsync(TokenClient tokens, string resource, CallContext context)
        {
            var authority = Environment.GetEnvironmentVariable("AZURE_AUTHORITY_HOST");
            var baseUrl = (string.IsNullOrEmpty(authority) ? PublicCloudAuthority : authority!).TrimEnd('/');
            // The v2.0 scope of a resource: its id + "/.default", so https://management.core.windows.net/ becomes
            // https://management.core.windows.net//.default, as Entra ID documents for resources ending in a slash.
            var scope = resource + "/.default";
            return tokens.RequestAsync("Microsoft Entra ID", HttpMethod.Post, $"{baseUrl}/{Uri.EscapeDataString(TenantId)}/oauth2/v2.0/token",
                request => request.Content = TokenClient.Form(("grant_type", "client_credentials"), ("client_id", ClientId), ("client_secret", Secrets.Reveal(_secret)), ("scope", scope)),
                context);
        }

        public override void Dispose()
        {
            base.Dispose();
            _secret.Dispose();
        }

        public override string ToString() => $"{AuthType} ({ClientId} in {TenantId})";
    }
}
