using Microsoft.ML.OnnxRuntime;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;

namespace Modelplane.Serving.Onnx;

/// <summary>
/// Everything one in-flight call needs: parsed request, pinned tensor buffers, their OrtValues and an IOBinding.
/// Owned by one call at a time (IOBinding is not thread-safe); pooled by the runner and reused, so a call whose
/// shapes match the previous one allocates nothing.
/// </summary>
internal sealed class RunnerContext : IDisposable
{
    private readonly ModelLayout _layout;
    private readonly OrtIoBinding _binding;
    private readonly BoundValue[] _inputs;
    private readonly BoundValue[] _outputs;
    private IDisposableReadOnlyCollection<OrtValue>? _ortOutputs;

    public RunnerContext(InferenceSession session, ModelLayout layout, bool preallocateOutputs, long maxElements)
    {
        _layout = layout;
        PreallocatesOutputs = preallocateOutputs;
        Request = new InferenceRequest(layout, maxElements);
        Outputs = new OutputTensor[layout.Outputs.Length];
        _inputs = new BoundValue[layout.Inputs.Length];
        _outputs = new BoundValue[layout.Outputs.Length];
        for (var i = 0; i < Outputs.Length; i++)
        {
            Outputs[i] = new OutputTensor();
        }
        _binding = session.CreateIoBinding();
    }

    public bool PreallocatesOutputs { get; }

    public InferenceRequest Request { get; }

    /// <summary>True while a run is in progress or after it threw: the binding may be half-updated.</summary>
    public bool Faulted { get; private set; }

    public OutputTensor[] Outputs { get; }

    public void Run(InferenceSession session, RunOptions runOptions)
    {
        Faulted = true;
        for (var i = 0; i < _inputs.Length; i++)
        {
            var input = Request.State.Inputs[i];
            _inputs[i].Bind(_binding, _layout.Inputs[i], input.Data, input.ShapeSpan, input: true);
        }
        if (PreallocatesOutputs)
        {
            for (var o = 0; o < _outputs.Length; o++)
            {
                var output = Outputs[o];
                output.Shape = OutputShapes.Predict(_layout.Outputs[o], Request.State, output.Shape);
                output.ElementCount = OutputShapes.Count(_layout.Outputs[o], output.Shape);
                output.Buffer.EnsureCapacity(output.ElementCount * _layout.Outputs[o].ElementSize);
                _outputs[o].Bind(_binding, _layout.Outputs[o], output.Buffer, output.Shape, input: false);
            }
        }
        else
        {
            // Rebind every call: after a run the binding holds the previous outputs, and ONNX Runtime would
            // then treat them as preallocated and reject a request with another shape.
            foreach (var output in _layout.Outputs)
            {
                _binding.BindOutputToDevice(output.Name, OrtMemoryInfo.DefaultInstance);
            }
        }
        session.RunWithBinding(runOptions, _binding);
        if (!PreallocatesOutputs)
        {
            _ortOutputs = _binding.GetOutputValues();
            var index = 0;
            foreach (var value in _ortOutputs)
            {
                var output = Outputs[index++];
                output.Value = value;
                output.Shape = value.GetTensorTypeAndShape().Shape;
                output.ElementCount = OutputShapes.Product(output.Shape);
            }
        }
        Faulted = false;
    }

    /// <summary>Releases per-call ONNX Runtime outputs and oversized buffers before the context goes back to the pool.</summary>
    public void EndCall()
    {
        if (_ortOutputs is not null)
        {
            foreach (var output in Outputs)
            {
                output.Value = null;
            }
            _ortOutputs.Dispose();
            _ortOutputs = null;
        }
        foreach (var input in Request.State.Inputs)
        {
            input.Data.TrimExcess();
        }
        foreach (var output in Outputs)
        {
            output.Buffer.TrimExcess();
        }
    }

    public void Dispose()
    {
        EndCall();
        foreach (var value in _inputs)
        {
            value.Dispose();
        }
        foreach (var value in _outputs)
        {
            value.Dispose();
        }
        _binding.Dispose();
    }
}
