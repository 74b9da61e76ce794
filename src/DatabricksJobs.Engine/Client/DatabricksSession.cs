using System;
using DatabricksJobs.Models;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// A connection to one workspace with one credential, made by Connect-DbxWorkspace. It belongs to the runspace that
    /// made it, which gives it its name and keeps which of its sessions is the default.
    /// </summary>
    public sealed class DatabricksSession
    {
        internal DatabricksSession(DatabricksClient client, ScimUser user, string credentialSource)
        {
            Client = client;
            Jobs = new JobsService(client);
            UserName = user.UserName ?? user.DisplayName ?? "";
            UserId = user.Id;
            AuthType = client.AuthType;
            CredentialSource = credentialSource;
            ConnectedAt = DateTime.Now;
        }

        /// <summary>The name -Session takes: unique among the connected sessions of its runspace.</summary>
        public string Name { get; internal set; } = "";

        /// <summary>Whether the cmdlets of its runspace use it when given no -Session.</summary>
        public bool IsDefault { get; internal set; }

        public Uri Host => Client.Host;
        public string UserName { get; }
        public string? UserId { get; }

        /// <summary>How the session authenticates: PersonalAccessToken, OAuthM2M, AzureManagedIdentity, AzureServicePrincipal or AccessToken.</summary>
        public string AuthType { get; }

        /// <summary>Where the credential was found: parameters, environment variables, or a profile of the configuration file.</summary>
        public string CredentialSource { get; }

        public DateTime ConnectedAt { get; }
        public bool IsConnected { get; private set; } = true;

        internal DatabricksClient Client { get; }
        internal JobsService Jobs { get; }

        internal void Disconnect()
        {
            if (!IsConnected) return;
            IsConnected = false;
            Client.Dispose();
        }

        public override string ToString() => $"{UserName} @ {Host}";
    }
}
