using System;
using System.Text;
using System.Text.Json;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// A list answer's links (has_more, next_page_token), read off its top level without reading through its items where
    /// that can be done: the items are most of the answer, and reading through them costs a third of the page's typed read,
    /// on the path of the next page's request (see <see cref="Pager"/>). The plain members (a string, number, true, false
    /// or null) before the answer's first object or array are read forward, and those after its last one backward from the
    /// end: wherever the API writes its links, before the items or after them, they are found there. Only where one is found
    /// on neither side (a last page, which has no next_page_token) is the whole answer read. A link given twice counts as
    /// its last, as in the typed read (unless it is also given between two objects or arrays, as no page of the API is).
    /// </summary>
    internal static class PageLinks
    {
        private static readonly byte[] HasMoreName = Encoding.UTF8.GetBytes("has_more");
        private static readonly byte[] NextPageTokenName = Encoding.UTF8.GetBytes("next_page_token");

        /// <summary>
        /// The links of <paramref name="answer"/> (a JSON object, whole); has_more false where it has none. Throws JsonException
        /// if the answer is not a JSON object, or if a link it reads is not a boolean or a string, as the typed read would;
        /// one it does not read (given twice, the other between two objects or arrays) is left to the typed read to refuse.
        /// (A list whose page has no has_more, list-compliance's, is held to the same: the API's pages do not give one of
        /// another type.)
        /// </summary>
        public static void Read(byte[] answer, out bool hasMore, out string? nextPageToken)
        {
            try
            {
                var found = new Found();
                if (!Forward(answer, found, toTheItems: true))
                {
                    var after = new Found();
                    Backward(answer, after);
                    found = after.Over(found);
                    if (found.HasMore is null || !found.HasToken) Forward(answer, found = new Found(), toTheItems: false);
                }
                hasMore = found.HasMore ?? false;
                nextPageToken = found.NextPageToken;
            }
            catch (InvalidOperationException e)
            {
                // A string the reader cannot decode (a lone surrogate's escape): JSON the API does not answer, as the typed read says it.
                throw new JsonException(e.Message, e);
            }
        }

        /// <summary>What a reading found of the links.</summary>
        private sealed class Found
        {
            public bool? HasMore;
            public bool HasToken;
            public string? NextPageToken;

            /// <summary>These links, found later in the answer, over <paramref name="earlier"/>'s.</summary>
            public Found Over(Found earlier) => new Found
            {
                HasMore = HasMore ?? earlier.HasMore,
                HasToken = HasToken || earlier.HasToken,
                NextPageToken = HasToken ? NextPageToken : earlier.NextPageToken,
            };
        }

        /// <summary>
        /// Reads the answer's members from its start, each link found over any found before it; with
        /// <paramref name="toTheItems"/>, up to the first whose value is an object or an array (false then), else through
        /// every one. True when it has read them all.
        /// </summary>
        private static bool Forward(byte[] answer, Found found, bool toTheItems)
        {
            var reader = new Utf8JsonReader(answer);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("The answer is not a JSON object.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isHasMore = reader.ValueTextEquals(HasMoreName);
                var isNextPageToken = !isHasMore && reader.ValueTextEquals(NextPageTokenName);
                reader.Read();
                if (isHasMore) found.HasMore = HasMoreOf(ref reader);
                else if (isNextPageToken) (found.NextPageToken, found.HasToken) = (NextPageTokenOf(ref reader), true);
                else if (toTheItems && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) return false;
                else reader.Skip();
            }
            return true;
        }

        /// <summary>
        /// Reads the answer's members backward from its end while their values are plain, up to the last object or array;
        /// a link is taken where it is first met (its last in the answer), and one met again is still held to its type.
        /// Stops at anything it does not expect. An answer that is not JSON can mislead it (one cut short inside an item,
        /// whose own has_more it would take; one with more after its object), but never past the typed read of the items,
        /// which then refuses the page: the request for the next page these links started is let go (<see cref="Pager"/>).
        /// </summary>
        private static void Backward(byte[] answer, Found found)
        {
            var at = LastNonBlank(answer, answer.Length);
            if (at < 0 || answer[at] != '}') return;
            at = LastNonBlank(answer, at);
            while (at >= 0)
            {
                var valueStart = ScalarStart(answer, at);
                if (valueStart < 0) return;
                var colon = LastNonBlank(answer, valueStart);
                if (colon < 0 || answer[colon] != ':') return;
                var nameEnd = LastNonBlank(answer, colon);
                var nameStart = nameEnd < 0 || answer[nameEnd] != '"' ? -1 : StringStart(answer, nameEnd);
                if (nameStart < 0) return;
                var name = new Utf8JsonReader(new ReadOnlySpan<byte>(answer, nameStart, nameEnd - nameStart + 1));
                name.Read();
                var isHasMore = name.ValueTextEquals(HasMoreName);
                if (isHasMore || name.ValueTextEquals(NextPageTokenName))
                {
                    var value = new Utf8JsonReader(new ReadOnlySpan<byte>(answer, valueStart, at - valueStart + 1));
                    value.Read();
                    if (isHasMore)
                    {
                        var hasMore = HasMoreOf(ref value);
                        found.HasMore ??= hasMore;
                    }
                    else if (!found.HasToken) (found.NextPageToken, found.HasToken) = (NextPageTokenOf(ref value), true);
                    else NextPageTokenOf(ref value);
                }
                var before = LastNonBlank(answer, nameStart);
                if (before < 0 || answer[before] != ',') return;
                at = LastNonBlank(answer, before);
            }
        }

        /// <summary>The index of the last byte before <paramref name="end"/> that is not JSON white space; -1 if none.</summary>
        private static int LastNonBlank(byte[] text, int end)
        {
            var at = end - 1;
            while (at >= 0 && text[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') at--;
            return at;
        }

        /// <summary>Where the string, number, true, false or null that ends at <paramref name="end"/> begins; -1 if something else ends there.</summary>
        private static int ScalarStart(byte[] text, int end)
        {
            switch (text[end])
            {
                case (byte)'"':
                    return StringStart(text, end);
                case (byte)'e':
                    return LiteralStart(text, end, "true") ?? LiteralStart(text, end, "false") ?? -1;
                case (byte)'l':
                    return LiteralStart(text, end, "null") ?? -1;
                case >= (byte)'0' and <= (byte)'9':
                    var at = end;
                    while (at > 0 && text[at - 1] is >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E') at--;
                    return at;
                default:
                    return -1;
            }
        }

        private static int? LiteralStart(byte[] text, int end, string literal)
        {
            var start = end - literal.Length + 1;
            if (start < 0) return null;
            for (var i = 0; i < literal.Length; i++)
                if (text[start + i] != literal[i]) return null;
            return start;
        }

        /// <summary>Where the string whose closing quote is at <paramref name="end"/> opens: the quote before it that is not escaped (after an even number of backslashes); -1 if none.</summary>
        private static int StringStart(byte[] text, int end)
        {
            var at = end;
            while (true)
            {
                at = at <= 0 ? -1 : new ReadOnlySpan<byte>(text, 0, at).LastIndexOf((byte)'"');
                if (at < 0) return -1;
                var backslashes = 0;
                while (at - backslashes > 0 && text[at - backslashes - 1] == '\\') backslashes++;
                if (backslashes % 2 == 0) return at;
            }
        }

        private static bool HasMoreOf(ref Utf8JsonReader value) => value.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False or JsonTokenType.Null => false,
            _ => throw new JsonException($"has_more is {value.TokenType}, not a boolean."),
        };

        private static string? NextPageTokenOf(ref Utf8JsonReader value) => value.TokenType switch
        {
            JsonTokenType.String => value.GetString(),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"next_page_token is {value.TokenType}, not a string."),
        };
    }
}
