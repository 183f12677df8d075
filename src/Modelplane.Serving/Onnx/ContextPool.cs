namespace Modelplane.Serving.Onnx;

/// <summary>A small lock-free pool of <see cref="RunnerContext"/>s; contexts beyond its size are disposed on return.</summary>
internal sealed class ContextPool(Func<RunnerContext> create) : IDisposable
{
    private readonly RunnerContext?[] _items = new RunnerContext?[Math.Max(4, Environment.ProcessorCount * 2)];

    public RunnerContext Rent()
    {
        for (var i = 0; i < _items.Length; i++)
        {
            var item = _items[i];
            if (item is not null && Interlocked.CompareExchange(ref _items[i], null, item) == item)
            {
                return item;
            }
        }
        return create();
    }

    public void Return(RunnerContext context)
    {
        for (var i = 0; i < _items.Length; i++)
        {
            if (_items[i] is null && Interlocked.CompareExchange(ref _items[i], context, null) is null)
            {
                return;
            }
        }
        context.Dispose();
    }

    public void Dispose()
    {
        for (var i = 0; i < _items.Length; i++)
        {
            Interlocked.Exchange(ref _items[i], null)?.Dispose();
        }
    }
}
