using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// A Microsoft Entra ID credential for Azure Databricks: a token for the Azure Databricks application, and, when
    /// the workspace's Azure resource id is known, that id and a token for Azure management, which let an identity
    /// that is not yet a workspace user in (as the Databricks SDKs send them).
    /// </summary>
    public abstract class AzureCredential : Credential
    {
        /// <summary>The application id of Azure Databricks: the resource its tokens are for.</summary>
        public const string AzureDatabricksResource = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";
        public const string ManagementResource = "https://management.core.windows.net/";

        private readonly CachedToken _workspaceToken = new CachedToken();
        private readonly CachedToken _managementToken = new CachedToken();

        protected AzureCredential(string? azureResourceId) => AzureResourceId = azureResourceId;

        /// <summary>/subscriptions/.../providers/Microsoft.Databricks/workspaces/NAME, sent as X-Databricks-Azure-Workspace-Resource-Id.</summary>
        public string? AzureResourceId { get; }

        internal override bool CanRefresh => true;

        /// <summary>Asks the identity for a token for <paramref name="resource"/>.</summary>
        internal abstract Task<TokenResponseInfo> FetchAsync(TokenClient tokens, string resource, CallContext context);

        internal override async Task<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(TokenClient tokens, Uri host, CallContext context)
        {
            var token = await _workspaceToken.GetAsync(() => FetchAsync(tokens, AzureDatabricksResource, context), context).ConfigureAwait(false);
            var headers = new List<KeyValuePair<string, string>>(Bearer(token));
            if (AzureResourceId is not null)
            {
                var management = await _managementToken.GetAsync(() => FetchAsync(tokens, ManagementResource, context), context).ConfigureAwait(false);
                headers.Add(new KeyValuePair<string, string>("X-Databricks-Azure-Workspace-Resource-Id", AzureResourceId));
                headers.Add(new KeyValuePair<string, string>("X-Databricks-Azure-SP-Management-Token", management));
            }
            return headers;
        }

        internal override void Invalidate()
        {
            _workspaceToken.Invalidate();
            _managementToken.Invalidate();
        }

        public override void Dispose()
        {
            _workspaceToken.Dispose();
            _managementToken.Dispose();
        }
    }
}
