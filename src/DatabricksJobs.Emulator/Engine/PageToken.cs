using System.Buffers.Text;
using System.Text;
using DatabricksJobs.Emulator.Api;

namespace DatabricksJobs.Emulator.Engine;

/// <summary>
/// Opaque page tokens. A list token holds the id a page ends at (keyset paging), so pages never repeat
/// or skip an item while others are created or deleted; a task-page token holds a page number.
/// </summary>
public readonly record struct PageToken(char Kind, long Value)
{
    public const char After = 'a';
    public const char Before = 'b';
    public const char Page = 'p';

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{Kind}:{Value}"));

    public static PageToken? Decode(string? token, params char[] allowedKinds)
    {
        if (string.IsNullOrEmpty(token)) return null;
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            if (text.Length > 2 && text[1] == ':' && Array.IndexOf(allowedKinds, text[0]) >= 0 &&
                long.TryParse(text.AsSpan(2), out var value) && value >= 0)
            {
                return new PageToken(text[0], value);
            }
        }
        catch (FormatException)
        {
        }
        throw ApiException.InvalidParameter($"Invalid page token: {token}");
    }
}
