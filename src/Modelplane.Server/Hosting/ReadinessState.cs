namespace Modelplane.Server.Hosting;

/// <summary>Whether start-up work (migrations, loading endpoints) has finished; backs <c>/v2/health/ready</c>.</summary>
internal sealed class ReadinessState
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public void MarkReady() => _ready = true;
}
