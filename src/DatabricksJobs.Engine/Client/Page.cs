using System;
using System.Text;
using System.Text.Json;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// A page of a list answer (jobs/list, runs/list, ...): whether more pages follow and the next one's token, read when
    /// it has arrived, and its items, made only when <see cref="Read"/> is called. So the next page can be asked for first,
    /// and the workspace answers it while this one's objects are made and written (<see cref="Pager"/>).
    /// </summary>
    public sealed class Page<TPage>
    {
        private readonly Func<TPage> _read;

        internal Page(bool hasMore, string? nextPageToken, Func<TPage> read)
        {
            HasMore = hasMore;
            NextPageToken = nextPageToken;
            _read = read;
        }

        /// <summary>The answer's has_more (false where it has none, or null: the typed read then says what it makes of that).</summary>
        public bool HasMore { get; }

        /// <summary>The answer's next_page_token, if any.</summary>
        public string? NextPageToken { get; }

        /// <summary>The page, read whole (each call reads it again); a DatabricksApiException (UnexpectedResponse) if it is not what the API answers.</summary>
        public TPage Read() => _read();

        /// <summary>This page, with <paramref name="then"/> applied to what it reads.</summary>
        internal Page<TPage> AfterRead(Func<TPage, TPage> then) => new Page<TPage>(HasMore, NextPageToken, () => then(_read()));

        private static readonly byte[] HasMoreName = Encoding.UTF8.GetBytes("has_more");
        private static readonly byte[] NextPageTokenName = Encoding.UTF8.GetBytes("next_page_token");

        /// <summary>
        /// A page of <paramref name="answer"/> (a JSON object, whole), its links read from its top level in whatever order
        /// the fields come; the items, skipped here, are read by <paramref name="read"/>. Throws JsonException if the answer
        /// is not a JSON object, or if its links are not a boolean and a string, as the typed read would. (A list whose
        /// page has no has_more, list-compliance's, is held to the same: the API's pages do not give one of another type.)
        /// </summary>
        internal static Page<TPage> Of(byte[] answer, Func<TPage> read)
        {
            try
            {
                return Links(answer, read);
            }
            catch (InvalidOperationException e)
            {
                // A string the reader cannot decode (a lone surrogate's escape): JSON the API does not answer, as the typed read says it.
                throw new JsonException(e.Message, e);
            }
        }

        private static Page<TPage> Links(byte[] answer, Func<TPage> read)
        {
            var reader = new Utf8JsonReader(answer);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("The answer is not a JSON object.");
            var hasMore = false;
            string? nextPageToken = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isHasMore = reader.ValueTextEquals(HasMoreName);
                var isNextPageToken = !isHasMore && reader.ValueTextEquals(NextPageTokenName);
                reader.Read();
                if (isHasMore)
                    hasMore = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False or JsonTokenType.Null => false,
                        _ => throw new JsonException($"has_more is {reader.TokenType}, not a boolean."),
                    };
                else if (isNextPageToken)
                    nextPageToken = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Null => null,
                        _ => throw new JsonException($"next_page_token is {reader.TokenType}, not a string."),
                    };
                else reader.Skip();
            }
            return new Page<TPage>(hasMore, nextPageToken, read);
        }
    }
}
