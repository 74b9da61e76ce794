using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// Every item of every page, fetched a page at a time as the items are read; each page is asked for as soon as the
    /// one before it arrives, so that it is read while that one's items are written.
    /// </summary>
    public static class Pager
    {
        /// <summary>
        /// <paramref name="startPage"/> starts the request for the page of a token (null: the first), ended by the token it
        /// is given; <paramref name="wait"/> waits for it and answers the page. A page is asked for when the one before it
        /// has arrived, by the reader as it takes that one, or, when the reader already waits for that one, on the thread
        /// it arrived on, so that the reader's waking up is not between two requests; <paramref name="startPage"/> may so
        /// be called on another thread than the reader's. At most one page is asked for that the reader has not begun
        /// to take. A reader that stops early (Select-Object -First) cancels the page asked for ahead and waits for it to
        /// end, so that no request outlives the listing and its failure, if any, is not left unobserved.
        /// <paramref name="cancellation"/> ends the page under way. Without <paramref name="readAhead"/>, a page is asked
        /// for only when the one before it has been read, for a reader that may stop on any item and must not have sent
        /// a request it did not need.
        /// </summary>
        public static IEnumerable<T> All<TPage, T>(Func<string?, CancellationToken, Task<TPage>> startPage, Func<Task<TPage>, TPage> wait,
            Func<TPage, IEnumerable<T>?> items, Func<TPage, string?> nextPageToken, CancellationToken cancellation, bool readAhead = true)
        {
            using var pages = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            PageRequest<TPage> Ask(string? token)
            {
                Task<TPage> request;
                try
                {
                    request = startPage(token, pages.Token);
                }
                catch (Exception e)
                {
                    request = Task.FromException<TPage>(e);
                }
                return new PageRequest<TPage>(request, nextPageToken, Ask);
            }

            var next = Ask(null);
            PageRequest<TPage>? taken = null;
            try
            {
                while (true)
                {
                    taken = next;
                    if (readAhead) taken.Awaited();
                    var page = wait(taken.Arrived);
                    var token = nextPageToken(page);
                    foreach (var item in items(page) ?? Array.Empty<T>()) yield return item;
                    if (string.IsNullOrEmpty(token)) yield break;
                    next = taken.Next ?? Ask(token);
                }
            }
            finally
            {
                // What was asked for and not read: the page asked for ahead of the one taken last, and that one too if its
                // wait ended before it did (Ctrl+C). How each ends does not matter: the continuation reads its exception
                // (marking it observed) and ends without one, so waiting for it throws nothing.
                pages.Cancel();
                for (var left = taken is { Arrived.IsCompleted: false } ? taken : taken?.Next; left is not null; left = left.Next)
                {
                    wait(left.Arrived.ContinueWith(abandoned =>
                    {
                        _ = abandoned.Exception;
                        return default(TPage)!;
                    }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
                }
            }
        }

        /// <summary>
        /// A page asked for, and the request for the page after it: made by whichever comes second of the page's arrival
        /// (with a next page token) and its reader's waiting for it (<see cref="Awaited"/>).
        /// </summary>
        private sealed class PageRequest<TPage>
        {
            private readonly Task<TPage> _request;
            private readonly Func<TPage, string?> _nextPageToken;
            private readonly Func<string, PageRequest<TPage>> _ask;
            private int _ready;

            public PageRequest(Task<TPage> request, Func<TPage, string?> nextPageToken, Func<string, PageRequest<TPage>> ask)
            {
                _request = request;
                _nextPageToken = nextPageToken;
                _ask = ask;
                Arrived = ArriveAsync();
            }

            /// <summary>The page; when it ends, <see cref="Next"/> is set if the page after it was asked for on arrival.</summary>
            public Task<TPage> Arrived { get; }

            /// <summary>The request for the page after this one, once asked for.</summary>
            public PageRequest<TPage>? Next { get; private set; }

            /// <summary>The reader waits for this page now (it has written the items before it).</summary>
            public void Awaited() => Ready();

            private async Task<TPage> ArriveAsync()
            {
                var page = await _request.ConfigureAwait(false);
                if (!string.IsNullOrEmpty(_nextPageToken(page))) Ready();
                return page;
            }

            private void Ready()
            {
                if (Interlocked.Increment(ref _ready) == 2) Next = _ask(_nextPageToken(_request.Result)!);
            }
        }
    }
}
