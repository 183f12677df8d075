using Modelplane.Server.Telemetry;

namespace Modelplane.Server.InferenceLog;

/// <summary>What the inference log writers did, per workspace: records written and records dropped because the queue was full.</summary>
internal sealed class InferenceLogMetrics(ModelplaneMeter meter)
{
    public void Written(string workspace, int count) => meter.LogWritten.Add(count, new KeyValuePair<string, object?>("workspace", workspace));

    public void Dropped(string workspace, int count = 1) => meter.LogDropped.Add(count, new KeyValuePair<string, object?>("workspace", workspace));
}
