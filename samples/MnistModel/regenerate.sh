#!/usr/bin/env bash
# Regenerates this folder with lbdn pack: every file here except this script, Directory.Build.targets and
# Directory.Packages.props (the repository wiring) is its output. Trains the LBDN MNIST classifier (784-190-190-128-10,
# gamma 1), certifies it on the full MNIST test set, freezes it with that table and packs it.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build samples/Lbdn.Cli -c Release
lbdn() { dotnet samples/Lbdn.Cli/bin/Release/net10.0/lbdn.dll "$@"; }
lbdn train --network mnist-sandwich --epochs 20 --seed 1
lbdn certify --network mnist-sandwich --limit 10000 --out runs/mnist-sandwich.certified.json
lbdn freeze --network mnist-sandwich --certified runs/mnist-sandwich.certified.json
lbdn pack --model runs/mnist-sandwich.frozen.safetensors --id Lbdn.Samples.MnistModel --class MnistModel --version 0.1.0 \
  --out runs/feed --project samples/MnistModel
