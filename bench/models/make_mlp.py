#!/usr/bin/python3
"""Writes a compute-heavy MLP as ONNX for the dynamic-batching benchmark and tests.

    /usr/bin/python3 bench/models/make_mlp.py bench/models/mlp-30x1024x1024x2.onnx              # the benchmark model
    /usr/bin/python3 bench/models/make_mlp.py tests/Modelplane.Serving.Tests/TestData/mlp-30x64x64x2.onnx --hidden 64

Input `input` float [N, 30], output `probabilities` float [N, 2] (softmax), two ReLU hidden layers.
The batch dimension is the symbol N on input and output, so a server may stack rows along it.
Weights are drawn from a seeded normal distribution (He scaling), so the file is byte-for-byte reproducible.
Needs Debian's python3-onnx and python3-numpy (opset 17, IR version 8, which ONNX Runtime 1.31 loads).
"""
import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def build(features: int, hidden: int, layers: int, classes: int, seed: int) -> onnx.ModelProto:
    rng = np.random.default_rng(seed)
    nodes, inits = [], []
    previous, width = "input", features
    for layer in range(layers + 1):
        out_width = classes if layer == layers else hidden
        w = (rng.standard_normal((width, out_width)) * np.sqrt(2.0 / width)).astype(np.float32)
        b = (rng.standard_normal(out_width) * 0.01).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"W{layer}"), numpy_helper.from_array(b, f"B{layer}")]
        nodes.append(helper.make_node("MatMul", [previous, f"W{layer}"], [f"mm{layer}"]))
        last = layer == layers
        added = "logits" if last else f"z{layer}"
        nodes.append(helper.make_node("Add", [f"mm{layer}", f"B{layer}"], [added]))
        if not last:
            nodes.append(helper.make_node("Relu", [added], [f"h{layer}"]))
            previous = f"h{layer}"
        width = out_width
    nodes.append(helper.make_node("Softmax", ["logits"], ["probabilities"], axis=-1))
    graph = helper.make_graph(
        nodes,
        f"mlp_{features}x{hidden}x{layers}x{classes}",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", features])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", classes])],
        inits,
    )
    model = helper.make_model(graph, producer_name="modelplane-bench", opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output")
    parser.add_argument("--features", type=int, default=30)
    parser.add_argument("--hidden", type=int, default=1024)
    parser.add_argument("--layers", type=int, default=2, help="hidden layers")
    parser.add_argument("--classes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args()
    onnx.save(build(args.features, args.hidden, args.layers, args.classes, args.seed), args.output)


if __name__ == "__main__":
    main()
