using System;

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

        /// <summary>The answer's has_more: false where it has none, or a null one (which the typed read then refuses).</summary>
        public bool HasMore { get; }

        /// <summary>The answer's next_page_token, if any.</summary>
        public string? NextPageToken { get; }

        /// <summary>The page, read whole (each call reads it again); a DatabricksApiException (UnexpectedResponse) if it is not what the API answers.</summary>
        public TPage Read() => _read();

        /// <summary>This page, with <paramref name="then"/> applied to what it reads.</summary>
        internal Page<TPage> AfterRead(Func<TPage, TPage> then) => new Page<TPage>(HasMore, NextPageToken, () => then(_read()));

        /// <summary>
        /// A page of <paramref name="answer"/> (a JSON object, whole), its links read off its top level by <see cref="PageLinks"/>,
        /// which says when it throws; the items are read by <paramref name="read"/>.
        /// </summary>
        internal static Page<TPage> Of(byte[] answer, Func<TPage> read)
        {
            PageLinks.Read(answer, out var hasMore, out var nextPageToken);
            return new Page<TPage>(hasMore, nextPageToken, read);
        }
    }
}
