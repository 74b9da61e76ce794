using System.Collections.Concurrent;
using System.Security.Cryptography;
using DatabricksJobs.Emulator.Hosting;

namespace DatabricksJobs.Emulator.Identity;

/// <summary>
/// The access tokens the emulator has issued, with what each stands for and when it expires, and the Azure
/// identities that have become workspace members. In memory only: tokens do not outlive the emulator.
/// </summary>
public sealed class TokenIssuer(EmulatorOptions options)
{
    private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _members = new(StringComparer.OrdinalIgnoreCase);

    public DateTimeOffset Now => options.Clock.GetUtcNow();

    public (string Token, IssuedToken Issued) Issue(string principal, bool isAdmin, string audience)
    {
        var token = (audience == Audiences.Workspace ? "dose" : "eyJ") + Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        var issued = new IssuedToken(principal, isAdmin, audience, Now + options.AccessTokenLifetime);
        // Forget tokens long expired, so that an emulator that runs for days does not keep every token it issued.
        if (_tokens.Count % 256 == 255)
        {
            foreach (var old in _tokens.Where(t => t.Value.ExpiresAt < Now - TimeSpan.FromHours(1)).Select(t => t.Key).ToList()) _tokens.TryRemove(old, out _);
        }
        _tokens[token] = issued;
        return (token, issued);
    }

    public IssuedToken? Find(string token) => _tokens.TryGetValue(token, out var issued) ? issued : null;

    /// <summary>The tokens issued (but those expired over an hour ago), so that a test can check none of them leaks.</summary>
    public IReadOnlyCollection<string> Issued => _tokens.Keys.ToList();

    public bool IsMember(AzureIdentity identity) => identity.IsWorkspaceMember || _members.ContainsKey(identity.ClientId);

    public void AddMember(string clientId) => _members[clientId] = true;
}
