using System;
using System.Collections.Generic;
using System.Security;
using System.Threading.Tasks;
using DatabricksJobs.Internal;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// How a session authenticates: the headers each request carries. Credentials that fetch tokens keep them,
    /// refresh them before they expire, and fetch a new one when the workspace refuses the one they have.
    /// </summary>
    public abstract class Credential : IDisposable
    {
        /// <summary>PersonalAccessToken, AccessToken, OAuthM2M, AzureManagedIdentity, AzureServicePrincipal, AzureCli, DatabricksCli, or one of the pipeline sign-ins (GitHubOidc, AzureDevOpsOidc, EnvOidc, FileOidc).</summary>
        public abstract string AuthType { get; }

        /// <summary>Whether a refused token can be replaced by fetching another (false for a token given as is).</summary>
        internal virtual bool CanRefresh => false;

        internal abstract Task<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(TokenClient tokens, Uri host, CallContext context);

        /// <summary>Forgets the tokens it holds, after the workspace refused them.</summary>
        internal virtual void Invalidate()
        {
        }

        public virtual void Dispose()
        {
        }

        internal static IReadOnlyList<KeyValuePair<string, string>> Bearer(string token) =>
            new[] { new KeyValuePair<string, string>("Authorization", "Bearer " + token) };

        public override string ToString() => AuthType;
    }

    /// <summary>A token used as given: a personal access token, or an access token the caller got elsewhere (-AccessToken).</summary>
    public sealed class StaticTokenCredential : Credential
    {
        private readonly SecureString _token;

        public StaticTokenCredential(SecureString token, string authType)
        {
            _token = Secrets.ReadOnlyCopy(token);
            AuthType = authType;
        }

        public override string AuthType { get; }

        internal override Task<IReadOnlyList<KeyValuePair<string, string>>> HeadersAsync(TokenClient tokens, Uri host, CallContext context) =>
            Task.FromResult(Bearer(Secrets.Reveal(_token)));

        public override void Dispose() => _token.Dispose();
    }
}
