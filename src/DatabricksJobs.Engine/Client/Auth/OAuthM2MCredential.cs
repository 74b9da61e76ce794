using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Threading.Tasks;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// Databricks OAuth machine-to-machine: a service principal's client id and OAuth secret exchanged for an access
    /// token at the workspace's /oidc/v1/token (client credentials grant, scope all-apis).
    /// </summary>
    public sealed class OAuthM2MCredential : Credential
    {
        private readonly string _clientId;
        private readonly SecureString _secret;
        private readonly CachedToken _token = new CachedToken();

        public OAuthM2MCredential(string clientId, SecureString secret)
        {
            _clientId = clientId;
            _secret = Secrets.ReadOnlyCopy(secret);
        }

        public override string AuthType => "OAuthM2M";

        internal override bool CanRefresh => true;

        internal override async Task<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(TokenClient tokens, Uri host, CallContext context) =>
            Bearer(await _token.GetAsync(() => tokens.RequestAsync("The workspace's OAuth endpoint", HttpMethod.Post, TokenClient.WorkspaceEndpoint(host), request =>
            {
                request.Content = TokenClient.Form(("grant_type", "client_credentials"), ("scope", "all-apis"));
                // As the Databricks SDKs send it: id:secret, not form-encoded first.
                var basic = _clientId + ":" + Secrets.Reveal(_secret);
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
            }, context), context).ConfigureAwait(false));

        internal override void Invalidate() => _token.Invalidate();

        public override void Dispose()
        {
            _secret.Dispose();
            _token.Dispose();
        }

        public override string ToString() => $"{AuthType} ({_clientId})";
    }
}
