namespace DatabricksJobs.Emulator.Engine;

/// <summary>
/// Items kept in ascending id order. Ids are handed out in increasing order, so adding is an append;
/// lookups of a position are binary searches, which keeps keyset paging over 100,000 runs cheap.
/// </summary>
public sealed class IdOrderedList<T>(Func<T, long> idOf)
{
    private readonly List<T> _items = [];

    public int Count => _items.Count;
    public T this[int index] => _items[index];

    public void Add(T item)
    {
        var id = idOf(item);
        if (_items.Count == 0 || idOf(_items[^1]) < id)
        {
            _items.Add(item);
            return;
        }
        _items.Insert(FirstIndexAbove(id - 1), item);
    }

    public bool Remove(long id)
    {
        var index = FirstIndexAbove(id - 1);
        if (index >= _items.Count || idOf(_items[index]) != id) return false;
        _items.RemoveAt(index);
        return true;
    }

    /// <summary>The index of the first item whose id is greater than <paramref name="id"/> (Count when none is).</summary>
    public int FirstIndexAbove(long id)
    {
        int lo = 0, hi = _items.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (idOf(_items[mid]) <= id) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /// <summary>Items in ascending id order, starting after <paramref name="afterId"/>.</summary>
    public IEnumerable<T> Ascending(long afterId = long.MinValue)
    {
        for (var i = FirstIndexAbove(afterId); i < _items.Count; i++) yield return _items[i];
    }

    /// <summary>Items in descending id order, starting below <paramref name="beforeId"/>.</summary>
    public IEnumerable<T> Descending(long beforeId = long.MaxValue)
    {
        for (var i = FirstIndexAbove(beforeId - 1) - 1; i >= 0; i--) yield return _items[i];
    }
}
