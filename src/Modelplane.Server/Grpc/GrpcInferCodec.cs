using System.Globalization;
using Google.Protobuf;
using Modelplane.Serving;
using Modelplane.Serving.Oip;
using Modelplane.Serving.Protocol;
using Modelplane.Server.Grpc.Protocol;

namespace Modelplane.Server.Grpc;

/// <summary>
/// The OIP gRPC message pair as an <see cref="IInferenceCodec"/>: typed contents or raw bytes are copied into the
/// runner's buffers (their counts checked before anything is reserved), and outputs are answered as
/// <c>raw_output_contents</c>, as Triton answers them.
/// </summary>
/// <param name="request">The client's message.</param>
/// <param name="response">Filled by <see cref="Encode"/>; a reference, so the runner may copy this struct freely.</param>
internal readonly partial struct GrpcInferCodec(ModelInferRequest request, ModelInferResponse response) : IInferenceCodec
{
    private const int MaxRank = 16;

    public void Decode(InferenceRequest target)
    {
        var raw = request.RawInputContents;
        if (raw.Count > 0 && raw.Count != request.Inputs.Count)
        {
            throw new InferenceRequestException(
                $"Field 'raw_input_contents' has {raw.Count} entries but 'inputs' has {request.Inputs.Count}; send one per input, in the same order.");
        }

        Span<long> shape = stackalloc long[MaxRank];
        for (var position = 0; position < request.Inputs.Count; position++)
        {
            var input = request.Inputs[position];
            var index = FindInput(target, input, position);
            var datatype = GrpcDatatypes.Parse(input.Datatype)
                ?? throw new InferenceRequestException($"Input '{input.Name}' has datatype '{input.Datatype}', which is not an OIP datatype.");
            if (input.Shape.Count > MaxRank)
            {
                throw new InferenceRequestException($"Input '{input.Name}' has more than {MaxRank} dimensions.");
            }
            for (var d = 0; d < input.Shape.Count; d++)
            {
                shape[d] = input.Shape[d];
            }
            var dims = shape[..input.Shape.Count];

            if (raw.Count > 0)
            {
                if (input.Contents is not null)
                {
                    throw new InferenceRequestException($"Input '{input.Name}' has 'contents' while the request uses 'raw_input_contents'; send the data one way only.");
                }
                target.SetInput(index, datatype, dims, raw[position].Span);
            }
            else if (input.Contents is null)
            {
                throw new InferenceRequestException($"Input '{input.Name}' has no data: set its 'contents' or send 'raw_input_contents'.");
            }
            else
            {
                CopyContents(target, index, datatype, dims, input);
            }
        }

        foreach (var output in request.Outputs)
        {
            var index = target.FindOutput(output.Name);
            target.RequestOutput(index >= 0
                ? index
                : throw new InferenceRequestException($"Output '{output.Name}' is not an output of model '{target.ModelName}' (expected: {target.OutputList})."));
        }

        if (request.Id.Length > 0)
        {
            target.SetId(request.Id);
        }
        ReadParameters(target);
    }

    public void Encode(InferenceResult result)
    {
        response.ModelName = result.ModelName;
        response.ModelVersion = result.ModelVersion.ToString(CultureInfo.InvariantCulture);
        response.Id = result.Id ?? "";
        for (var k = 0; k < result.Count; k++)
        {
            var output = result[k];
            var tensor = new ModelInferResponse.Types.InferOutputTensor { Name = output.Name, Datatype = OipDatatypes.Name(output.ElementType) };
            foreach (var dim in output.Shape)
            {
                tensor.Shape.Add(dim);
            }
            response.Outputs.Add(tensor);
            response.RawOutputContents.Add(output.ElementSize > 0 ? ByteString.CopyFrom(output.Data) : StringElements(output));
        }
    }

    private static int FindInput(InferenceRequest target, ModelInferRequest.Types.InferInputTensor input, int position)
    {
        if (input.Name.Length == 0)
        {
            throw new InferenceRequestException($"Input #{position} is missing field 'name'.");
        }
        var index = target.FindInput(input.Name);
        return index >= 0
            ? index
            : throw new InferenceRequestException($"Input '{input.Name}' is not an input of model '{target.ModelName}' (expected: {target.InputList}).");
    }

    /// <summary>Acts on Triton's request parameter <c>timeout</c> (microseconds); other parameters are accepted and ignored.</summary>
    private void ReadParameters(InferenceRequest target)
    {
        if (!request.Parameters.TryGetValue("timeout", out var timeout))
        {
            return;
        }
        long micros = timeout.ParameterChoiceCase switch
        {
            InferParameter.ParameterChoiceOneofCase.Int64Param => timeout.Int64Param,
            InferParameter.ParameterChoiceOneofCase.Uint64Param => (long)Math.Min(timeout.Uint64Param, long.MaxValue),
            _ => 0,
        };
        if (micros <= 0)
        {
            throw new InferenceRequestException("Parameter 'timeout' must be a positive int64_param number of microseconds.");
        }
        target.Timeout = TimeSpan.FromMicroseconds(Math.Min(micros, (long)TimeSpan.FromHours(1).TotalMicroseconds));
    }

    /// <summary>BYTES elements in the raw form: each a 4-byte little-endian length and then its bytes.</summary>
    private static ByteString StringElements(OutputView output)
    {
        using var buffer = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        for (var i = 0; i < output.ElementCount; i++)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(output.GetString(i));
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            buffer.Write(length);
            buffer.Write(bytes);
        }
        return ByteString.CopyFrom(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
