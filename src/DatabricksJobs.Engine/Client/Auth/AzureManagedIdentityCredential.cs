using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// An Azure managed identity, system-assigned or user-assigned (by client id). In Azure Automation, App Service and
    /// Functions the identity endpoint is IDENTITY_ENDPOINT with the IDENTITY_HEADER secret; elsewhere (VMs, scale
    /// sets) it is the instance metadata service, at AZURE_POD_IDENTITY_AUTHORITY_HOST when that is set.
    /// </summary>
    public sealed class AzureManagedIdentityCredential : AzureCredential
    {
        private const string MetadataService = "http://169.254.169.254";

        public AzureManagedIdentityCredential(string? clientId, string? azureResourceId)
            : base(azureResourceId) => ClientId = clientId;

        /// <summary>The client id of a user-assigned identity; null for the system-assigned one.</summary>
        public string? ClientId { get; }

        public override string AuthType => "AzureManagedIdentity";

        internal override Task<TokenResponseInfo> FetchAsync(TokenClient tokens, string resource, CallContext context)
        {
            var endpoint = Environment.GetEnvironmentVariable("IDENTITY_ENDPOINT");
            var secret = Environment.GetEnvironmentVariable("IDENTITY_HEADER");
            var clientId = ClientId is null ? "" : "&client_id=" + Uri.EscapeDataString(ClientId);
            if (!string.IsNullOrEmpty(endpoint) && !string.IsNullOrEmpty(secret))
            {
                return tokens.RequestAsync("The managed identity endpoint (IDENTITY_ENDPOINT)", HttpMethod.Get,
                    $"{endpoint}?api-version=2019-08-01&resource={Uri.EscapeDataString(resource)}{clientId}",
                    request => SafeHeaders.Add(request, "X-IDENTITY-HEADER", secret), context);
            }
            var metadata = Environment.GetEnvironmentVariable("AZURE_POD_IDENTITY_AUTHORITY_HOST");
            var baseUrl = (string.IsNullOrEmpty(metadata) ? MetadataService : metadata!).TrimEnd('/');
            return tokens.RequestAsync("The Azure instance metadata service", HttpMethod.Get,
                $"{baseUrl}/metadata/identity/oauth2/token?api-version=2018-02-01&resource={Uri.EscapeDataString(resource)}{clientId}",
                request => request.Headers.Add("Metadata", "true"), context);
        }

        public override string ToString() => ClientId is null ? $"{AuthType} (system-assigned)" : $"{AuthType} ({ClientId})";
    }
}
