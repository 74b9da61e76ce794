using System;
using System.Collections.Generic;
using System.Linq;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>A workspace URL and a credential, and where they were found.</summary>
    public sealed class ResolvedCredential
    {
        internal ResolvedCredential(Uri host, Credential credential, string source)
        {
            Host = host;
            Credential = credential;
            Source = source;
        }

        public Uri Host { get; }
        public Credential Credential { get; }
        public string Source { get; }
    }

    /// <summary>A reason no credential could be made, with the id its error record carries.</summary>
    public sealed class CredentialResolutionException : Exception
    {
        public CredentialResolutionException(string message, string errorId) : base(message) => ErrorId = errorId;

        public string ErrorId { get; }
    }

    /// <summary>
    /// Finds the credential the way the Databricks tools do: the parameters first, then the environment variables,
    /// then a profile of the configuration file (the one -Profile or DATABRICKS_CONFIG_PROFILE names, else DEFAULT).
    /// A profile named by -Profile comes before the environment, since the user asked for it. The first place with a
    /// complete credential gives it; the workspace URL comes from the parameters, else from that same place, so a
    /// profile's token never goes to another profile's host.
    /// </summary>
    public static class CredentialResolver
    {
        public static ResolvedCredential Resolve(AuthSettings parameters, string? profile, Action<string> verbose)
        {
            var environment = AuthSettings.FromEnvironment();
            var named = profile ?? (Environment.GetEnvironmentVariable("DATABRICKS_CONFIG_PROFILE") is { Length: > 0 } variable ? variable : null);
            var profileSettings = ReadProfile(named, verbose);
            var places = new List<AuthSettings> { parameters };
            if (profile is not null && profileSettings is not null) places.Add(profileSettings);
            places.Add(environment);
            if (profile is null && profileSettings is not null) places.Add(profileSettings);
            try
            {
                places = places.Select(p => p.Cleaned()).ToList();
            }
            catch (ArgumentException e)
            {
                throw new CredentialResolutionException(e.Message, "InvalidCredential");
            }

            var notes = new List<string>();
            var looked = string.Join("; ", places.Select(p => p.Source)) + (profileSettings is null ? $"; no profile in {DatabricksConfigFile.DefaultPath}" : "");

            ResolvedCredential Use(AuthSettings place, string kind)
            {
                var hostText = parameters.Host ?? place.Host ?? places.Select(p => p.Host).FirstOrDefault(h => h is not null);
                if (hostText is null)
                    throw new CredentialResolutionException(
                        $"No workspace URL: give -WorkspaceUrl, set DATABRICKS_HOST, or add host to the profile (the credential came from {place.Source}).", "NoHost");
                var host = ParseHost(hostText);
                var resourceId = parameters.AzureResourceId ?? place.AzureResourceId ?? places.Select(p => p.AzureResourceId).FirstOrDefault(r => r is not null);
                foreach (var note in notes) verbose(note + ".");
                verbose($"Using {kind} from {place.Source}.");
                return new ResolvedCredential(host, place.ToCredential(kind, resourceId, named), place.Source);
            }

            // A credential given as parameters is the one asked for, whatever auth type the environment or a profile sets.
            // -AuthType in the parameters names a method only: their credential, if any, is used whatever type it is.
            var typed = places.FirstOrDefault(p => p.AuthType is not null);
            if (places[0].CredentialKind(notes) is string given)
            {
                if (typed is not null) verbose($"The parameters give a credential, so the auth type '{typed.AuthType}' of {typed.Source} is not used.");
                return Use(places[0], given);
            }
            if (typed is not null)
            {
                var kind = KindOf(typed);
                // azure-msi, azure-cli, databricks-cli and the OIDC types need nothing more: the place that names them gives
                // them (an OIDC type's client id and token settings may come from any place).
                var place = AuthSettings.NeedsOnlyTheType(kind) ? typed.WithOidcSettingsFrom(places) : places.FirstOrDefault(p => p.CredentialKind(notes, kind) == kind);
                if (place is null)
                {
                    var missing = notes.Count == 0 ? "" : " (" + string.Join("; ", notes) + ")";
                    throw new CredentialResolutionException(
                        $"{typed.Source} set the auth type '{typed.AuthType}', which needs {Needs(kind)}, but none of {looked} give it{missing}. " +
                        "Complete that credential, or change or remove DATABRICKS_AUTH_TYPE (auth_type in a profile).", "IncompleteAuthType");
                }
                return Use(place, kind);
            }
            foreach (var place in places)
            {
                if (place.CredentialKind(notes) is string kind) return Use(place, kind);
            }

            var half = notes.Count == 0 ? "" : " (" + string.Join("; ", notes) + ")";
            throw new CredentialResolutionException(
                $"No credential found in {looked}{half}. Give -Token or -Credential, -ClientId and -ClientSecret (with -TenantId for an Azure service principal), " +
                "-ManagedIdentity, -AccessToken (a token, or a script block that gets one) or -Profile; or set DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID and " +
                "DATABRICKS_CLIENT_SECRET, or ARM_USE_MSI; or set DATABRICKS_AUTH_TYPE=azure-cli to use the Azure CLI's sign-in (az login), or " +
                "databricks-cli to use the Databricks CLI's (databricks auth login), or github-oidc, azure-devops-oidc, env-oidc or file-oidc in a pipeline.",
                "NoCredential");
        }

        /// <summary>The credential kind of an auth type, or why this module has none for it.</summary>
        private static string KindOf(AuthSettings place)
        {
            var name = place.AuthType!;
            if (AuthSettings.AuthTypes.TryGetValue(name, out var kind)) return kind;
            var known = string.Join(", ", AuthSettings.AuthTypes.Keys);
            // A sign-in in a browser cannot happen in a runbook; databricks auth login does it once, for databricks-cli.
            if (name is "external-browser")
                throw new CredentialResolutionException(
                    $"{place.Source} set the auth type '{name}', a sign-in in a browser, which this module does not do: sign in with databricks auth login " +
                    "and set the auth type databricks-cli, or use one of the auth types " + known + ".", "UnsupportedAuthType");
            throw new CredentialResolutionException($"{place.Source} set the auth type '{name}', which this module does not know: it knows {known}.", "UnknownAuthType");
        }

        private static string Needs(string kind) => kind switch
        {
            "PersonalAccessToken" => "a token (DATABRICKS_TOKEN, or token in a profile)",
            "OAuthM2M" => "a client id and client secret (DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, or client_id and client_secret in a profile)",
            _ => "a tenant id, client id and client secret (ARM_TENANT_ID, ARM_CLIENT_ID and ARM_CLIENT_SECRET, or azure_tenant_id, azure_client_id and azure_client_secret in a profile)",
        };

        /// <summary>The profile <paramref name="named"/> (by -Profile, else DATABRICKS_CONFIG_PROFILE), which must exist; else DEFAULT.</summary>
        private static AuthSettings? ReadProfile(string? named, Action<string> verbose)
        {
            var name = named ?? "DEFAULT";
            var path = DatabricksConfigFile.DefaultPath;
            var profiles = DatabricksConfigFile.Read(path);
            if (profiles is not null && profiles.TryGetValue(name, out var values)) return AuthSettings.FromProfile(name, path, values);
            if (named is null)
            {
                verbose(profiles is null ? $"No configuration file at {path}." : $"No DEFAULT profile in {path}.");
                return null;
            }
            var known = profiles is null || profiles.Count == 0 ? "" : $" (it has {string.Join(", ", profiles.Keys)})";
            throw new CredentialResolutionException(
                profiles is null ? $"The profile '{name}' was asked for, but there is no configuration file at {path}." : $"There is no profile '{name}' in {path}{known}.",
                "ProfileNotFound");
        }

        private static Uri ParseHost(string text)
        {
            text = text.Trim();
            try
            {
                return DatabricksClient.NormalizeHost(new Uri(text.Contains("://") ? text : "https://" + text, UriKind.Absolute));
            }
            catch (UriFormatException e)
            {
                throw new CredentialResolutionException($"'{DatabricksClient.WithoutUserInfo(text)}' is not a usable workspace URL: {e.Message}", "InvalidHost");
            }
            catch (ArgumentException e)
            {
                throw new CredentialResolutionException(e.Message, "InvalidHost");
            }
        }
    }
}
