namespace Modelplane.Serving.Oip;

/// <summary>Everything parsed from one request, in buffers reused from call to call.</summary>
internal sealed class InferenceRequestState
{
    public InferenceRequestState(int inputCount, int outputCount)
    {
        Inputs = new InputState[inputCount];
        for (var i = 0; i < inputCount; i++)
        {
            Inputs[i] = new InputState();
        }
        RequestedOutputs = new int[outputCount];
    }

    public InputState[] Inputs { get; }

    /// <summary>Indexes into the layout's outputs, in the order the client asked for them.</summary>
    public int[] RequestedOutputs { get; }

    /// <summary>How many entries of <see cref="RequestedOutputs"/> are set; -1 when the request named no outputs.</summary>
    public int RequestedOutputCount { get; set; } = -1;

    /// <summary>The request id as UTF-8, unescaped; meaningful only when <see cref="HasId"/>.</summary>
    public byte[] Id { get; set; } = new byte[128];

    public int IdLength { get; set; }

    public bool HasId { get; set; }

    public long TotalElements { get; set; }

    public void Reset()
    {
        foreach (var input in Inputs)
        {
            input.Seen = false;
        }
        RequestedOutputCount = -1;
        HasId = false;
        IdLength = 0;
        TotalElements = 0;
    }
}

/// <summary>One parsed input tensor.</summary>
internal sealed class InputState
{
    /// <summary>Most dimensions kept; no served model needs more, and longer shapes are rejected.</summary>
    public const int MaxRank = 16;

    public bool Seen { get; set; }

    public long[] Shape { get; } = new long[MaxRank];

    public int Rank { get; set; }

    public long ElementCount { get; set; }

    public PinnedBuffer Data { get; } = new();

    public ReadOnlySpan<long> ShapeSpan => Shape.AsSpan(0, Rank);
}
