using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace DatabricksJobs.Client
{
    /// <summary>
    /// Every item of every page, fetched a page at a time as the items are read; each page is asked for as soon as the
    /// one before it arrives, before that one's items are made, so that the workspace answers it while they are made and written.
    /// </summary>
    public static class Pager
    {
        /// <summary>
        /// <paramref name="startPage"/> starts the request for the page of a token (null: the first), ended by the token it
        /// is given; <paramref name="wait"/> waits for it and answers the page, whose items are read here, on the reader's
        /// thread (after the next page is asked for, with <paramref name="readAhead"/>; so a page whose items are not the
        /// API's ends the listing with its error once the next page's request is under way, and that request is let go).
        /// <paramref name="nextPageToken"/> picks the next page's token from a page's links (null: none). A reader that stops
        /// early (Select-Object -First) cancels the page asked for ahead and waits for it to end, so that no request outlives
        /// the listing and its failure, if any, is not left unobserved.
        /// <paramref name="cancellation"/> ends the page under way. Without <paramref name="readAhead"/>, a page is asked
        /// for only when the one before it has been read, for a reader that may stop on any item and must not have sent a
        /// request it did not need.
        /// </summary>
        public static IEnumerable<T> All<TPage, T>(Func<string?, CancellationToken, Task<Page<TPage>>> startPage, Func<Task<Page<TPage>>, Page<TPage>> wait,
            Func<TPage, IEnumerable<T>?> items, Func<Page<TPage>, string?> nextPageToken, CancellationToken cancellation, bool readAhead = true)
        {
            using var pages = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            Task<Page<TPage>>? ahead = null;
            try
            {
                var page = wait(startPage(null, pages.Token));
                while (true)
                {
                    var token = nextPageToken(page);
                    if (readAhead && !string.IsNullOrEmpty(token)) ahead = startPage(token, pages.Token);
                    foreach (var item in items(page.Read()) ?? Array.Empty<T>()) yield return item;
                    if (string.IsNullOrEmpty(token)) yield break;
                    page = wait(ahead ?? startPage(token, pages.Token));
                    ahead = null;
                }
            }
            finally
            {
                if (ahead is not null)
                {
                    pages.Cancel();
                    // How the unwanted page ended does not matter: the continuation reads its exception (marking it
                    // observed) and ends without one, so waiting for it throws nothing.
                    wait(ahead.ContinueWith(abandoned =>
                    {
                        _ = abandoned.Exception;
                        return default(Page<TPage>)!;
                    }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
                }
            }
        }
    }
}
