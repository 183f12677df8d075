namespace Modelplane.Serving.Execution;

// Which queued requests form the next batch, and when; always called under the lock.
internal sealed partial class DynamicBatcher<T>
{
    private List<T>? TakeReady(long now)
    {
        if (_pending.Count == 0)
        {
            return null;
        }

        // Oldest first; requests whose shapes cannot share the oldest's batch stay for a later one.
        var first = _pending[0];
        long rows = 0;
        var preferredCount = 0;
        var overflow = false;
        _selected.Clear();
        for (var i = 0; i < _pending.Count; i++)
        {
            var item = _pending[i];
            if (i > 0 && !_compatible(first, item))
            {
                continue;
            }

            if (rows + item.Rows > _settings.MaxBatchSize)
            {
                overflow = true;
                break;
            }

            rows += item.Rows;
            _selected.Add(i);
            if (IsPreferred(rows))
            {
                preferredCount = _selected.Count;
            }
        }

        var expired = now - first.Enqueued >= _delay;
        var take = overflow || expired || rows == _settings.MaxBatchSize ? _selected.Count : preferredCount;
        if (take == 0)
        {
            ArmTimer(first.Enqueued + _delay, now);
            return null;
        }

        if (!_gate.TryEnter())
        {
            // Every slot is busy: the batch keeps growing until one is freed (Poke).
            return null;
        }

        var batch = new List<T>(take);
        for (var k = 0; k < take; k++)
        {
            batch.Add(_pending[_selected[k]]);
        }

        for (var k = take - 1; k >= 0; k--)
        {
            _pending.RemoveAt(_selected[k]);
        }

        Volatile.Write(ref _count, _pending.Count);
        return batch;
    }

    private bool IsPreferred(long rows)
    {
        foreach (var size in _settings.PreferredBatchSizes)
        {
            if (size == rows)
            {
                return true;
            }
        }

        return false;
    }

    private void ArmTimer(long due, long now)
    {
        if (due >= _timerDue)
        {
            return;
        }

        _timerDue = due;
        var ticks = (long)Math.Ceiling((due - now) * (double)TimeSpan.TicksPerSecond / _time.TimestampFrequency);
        _timer.Change(TimeSpan.FromTicks(Math.Max(1, ticks)), Timeout.InfiniteTimeSpan);
    }
}
