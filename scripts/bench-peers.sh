#!/bin/bash
# One interleaved pass of the benchmark workloads: swift-chainer, then PyTorch, then Chainer 7.8.1 for each, with
# the OpenBLAS overrides unset for the peers (`chainer bench` unsets them itself). Build first
# (`swift build -c release`) and set up the peers once (`bash ../shared/bench/setup-peers.sh`).
# Usage: bash scripts/bench-peers.sh [workload ...]    (default: overhead mlp lenet lstm resnet20)
set -u
cd "$(dirname "$0")/.."
bench=../shared/bench
for w in "${@:-overhead mlp lenet lstm resnet20}"; do
  for one in $w; do
    echo "swift-chainer $(.build/release/chainer bench "$one" | tail -1)"
    echo "torch $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /tmp/peers-torch/bin/python "$bench/torch_bench.py" "$one" 2>/dev/null | tail -1)"
    echo "chainer $(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /tmp/peers-chainer/bin/python "$bench/chainer_bench.py" "$one" 2>/dev/null | tail -1)"
  done
done
