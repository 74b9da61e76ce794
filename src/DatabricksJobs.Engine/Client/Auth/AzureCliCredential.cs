using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Tasks;

namespace DatabricksJobs.Client.Auth
{
    /// <summary>
    /// The Azure CLI's sign-in (az login): tokens from az account get-access-token --resource ... --output json, as the
    /// Databricks SDKs run it (with --tenant when ARM_TENANT_ID or azure_tenant_id gives one).
    /// </summary>
    public sealed class AzureCliCredential : AzureCredential
    {
        public AzureCliCredential(string? tenantId, string? azureResourceId) : base(azureResourceId) => TenantId = tenantId;

        public string? TenantId { get; }

        public override string AuthType => "AzureCli";

        internal override async Task<TokenResponseInfo> FetchAsync(TokenClient tokens, string resource, CallContext context)
        {
            // The tenant goes on a command line (through cmd.exe on Windows): a GUID or a domain name, nothing else.
            if (TenantId is not null && !IsTenant(TenantId))
                throw TokenSourceCredential.SignInFailure($"The tenant id '{TenantId}' is neither a GUID nor a domain name.", "InvalidTenantId");
            var arguments = $"account get-access-token --resource {resource} --output json" + (TenantId is null ? "" : $" --tenant {TenantId}");
            // az is az.cmd on Windows, which only cmd.exe runs.
            var windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            var start = new ProcessStartInfo(windows ? "cmd.exe" : "az", windows ? "/d /c az " + arguments : arguments)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                CreateNoWindow = true,
            };
            using var process = new Process { StartInfo = start };
            try
            {
                process.Start();
            }
            catch (Win32Exception e)
            {
                throw TokenSourceCredential.SignInFailure(
                    "The Azure CLI (az) is not installed or not on PATH: install it (https://aka.ms/azure-cli) and run az login, or use another credential.", "AzureCliNotFound", e);
            }
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using (context.Cancellation.Register(() => Kill(process)))
            {
                await Task.WhenAll(output, errors).ConfigureAwait(false);
                await Task.Run(() => process.WaitForExit()).ConfigureAwait(false);
            }
            context.Cancellation.ThrowIfCancellationRequested();
            if (process.ExitCode != 0)
            {
                var said = errors.Result.Trim();
                var notFound = windows && process.ExitCode == 9009;
                throw TokenSourceCredential.SignInFailure(notFound
                    ? "The Azure CLI (az) is not installed or not on PATH: install it (https://aka.ms/azure-cli) and run az login, or use another credential."
                    : $"The Azure CLI could not give a token (az account get-access-token failed: {(said.Length == 0 ? $"exit code {process.ExitCode}" : Shorten(said))}). Run az login, or check that the signed-in account may use Azure Databricks.",
                    notFound ? "AzureCliNotFound" : "AzureCliFailed");
            }
            return Read(output.Result);
        }

        /// <summary>
        /// accessToken, and expires_on (Unix seconds, az 2.54 and later) or else expiresOn (local time, as older versions
        /// write it).
        /// </summary>
        internal static TokenResponseInfo Read(string json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("accessToken", out var token) && token.ValueKind == JsonValueKind.String &&
                    token.GetString() is { Length: > 0 } accessToken)
                {
                    if (root.TryGetProperty("expires_on", out var unix) && unix.ValueKind == JsonValueKind.Number && unix.TryGetInt64(out var seconds))
                        return new TokenResponseInfo(accessToken, DateTimeOffset.FromUnixTimeSeconds(seconds));
                    if (root.TryGetProperty("expiresOn", out var local) && local.ValueKind == JsonValueKind.String &&
                        DateTime.TryParse(local.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at))
                        return new TokenResponseInfo(accessToken, new DateTimeOffset(at));
                    return new TokenResponseInfo(accessToken, DateTimeOffset.MaxValue);
                }
            }
            catch (JsonException)
            {
            }
            throw TokenSourceCredential.SignInFailure("The Azure CLI's answer to az account get-access-token holds no access token.", "AzureCliFailed");
        }

        // Only az's first lines: its errors say what to do in one or two, then may add a long trace.
        private static string Shorten(string text)
        {
            var lines = text.Replace("\r", "").Split('\n');
            var kept = string.Join(" ", lines, 0, Math.Min(lines.Length, 3));
            return kept.Length > 500 ? kept.Substring(0, 500) + "..." : kept;
        }

        private static bool IsTenant(string text)
        {
            foreach (var c in text)
                if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '.')) return false;
            return text.Length > 0;
        }

        private static void Kill(Process process)
        {
            try
            {
                process.Kill();
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception)
            {
                // It has ended already.
            }
        }

        public override string ToString() => TenantId is null ? AuthType : $"{AuthType} ({TenantId})";
    }
}
