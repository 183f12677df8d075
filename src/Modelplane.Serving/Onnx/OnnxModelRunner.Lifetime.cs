namespace Modelplane.Serving.Onnx;

internal sealed partial class OnnxModelRunner
{
    private RunnerContext Rent()
    {
        while (true)
        {
            var context = _pool.Rent();
            if (!context.PreallocatesOutputs || _preallocateOutputs)
            {
                return context;
            }
            context.Dispose();
        }
    }

    /// <summary>Gives the context back, or disposes it when a runtime fault may have left its binding half-updated.</summary>
    private void Return(RunnerContext context)
    {
        if (context.Faulted)
        {
            context.Dispose();
        }
        else
        {
            context.EndCall();
            _pool.Return(context);
        }
    }

    private void AddReference()
    {
        var current = Volatile.Read(ref _references);
        while (true)
        {
            ObjectDisposedException.ThrowIf(current == 0, this);
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _pool.Dispose();
            _runOptions.Dispose();
            _session.Dispose();
            _batcher?.Dispose();
            _gate.Dispose();
        }
    }

    /// <summary>Releases the session once no call is in flight; later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
        }
    }
}
