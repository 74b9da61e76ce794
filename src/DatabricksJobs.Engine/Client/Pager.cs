using System;
using System.Collections.Generic;

namespace DatabricksJobs.Client
{
    /// <summary>Every item of every page, fetched a page at a time as the items are read.</summary>
    public static class Pager
    {
        public static IEnumerable<T> All<TPage, T>(Func<string?, TPage> fetchPage, Func<TPage, IEnumerable<T>?> items, Func<TPage, string?> nextPageToken)
        {
            string? token = null;
            do
            {
                var page = fetchPage(token);
                foreach (var item in items(page) ?? Array.Empty<T>()) yield return item;
                token = nextPageToken(page);
            } while (!string.IsNullOrEmpty(token));
        }
    }
}
