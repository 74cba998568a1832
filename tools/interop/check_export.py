#!/usr/bin/python3
"""Loads an `lbdn export --pytorch` state_dict into the reference modules (acfr/LBDN `layer.py`, imported read-only from
a checkout) with `load_state_dict` and compares their eval-mode output on the export's check batch with Lbdn's."""

import argparse
import json
import struct
import sys
from pathlib import Path

import numpy
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_reference_fixtures import install_einops_stand_in  # noqa: E402

DTYPES = {"F64": numpy.float64, "F32": numpy.float32, "I64": numpy.int64}


def read_safetensors(path):
    # 8-byte little-endian header length, JSON header {name: {dtype, shape, data_offsets}}, then the raw data.
    data = Path(path).read_bytes()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + length])
    body = data[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        start, end = entry["data_offsets"]
        array = numpy.frombuffer(body[start:end], dtype=DTYPES[entry["dtype"]]).reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


class Scale(torch.nn.Module):
    def __init__(self, factor):
        super().__init__()
        self.factor = factor

    def forward(self, x):
        return self.factor * x


def lbdn_aol_conv(module, x, activated):
    # Lbdn's AolConv2d on the reference module's parameters: input channel c rescaled by t_c = (sum_d sum_s |C_cd(s)|)^-1/2,
    # C the kernel's self-correlation over the input channels (the reference rescales output channels instead).
    kernel = module.kernel
    k = kernel.shape[-1]
    transposed = kernel.transpose(0, 1)
    t = torch.nn.functional.conv2d(transposed, transposed, padding=k - 1).abs().sum((1, 2, 3)).rsqrt()
    y = torch.nn.functional.conv2d(x, kernel * t[None, :, None, None], module.bias, padding=(k - 1) // 2)
    return torch.relu(y) if activated else y


# Lbdn's formula for the reference classes an export marks "lbdn_differs" (its own formula, written here, not the reference's).
LBDN_FORMULAS = {
    "AolConv": lambda module, x: lbdn_aol_conv(module, x, activated=True),
    "AolConvLin": lambda module, x: lbdn_aol_conv(module, x, activated=False),
}


def run(modules, entries, x, with_lbdn_formulas):
    for module, entry in zip(modules, entries):
        x = LBDN_FORMULAS[entry["class"]](module, x) if with_lbdn_formulas and "lbdn_differs" in entry else module(x)
    return x


def build(layer_module, description):
    modules = []
    for entry in description["modules"]:
        if entry["class"] == "Scale":
            modules.append(Scale(entry["factor"]))
        elif entry["class"] == "Flatten":
            modules.append(torch.nn.Flatten())
        else:
            modules.append(getattr(layer_module, entry["class"])(*entry["args"], **entry["kwargs"]))
    return torch.nn.Sequential(*modules) if description["sequential"].startswith("nn.Sequential") else modules[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reference", required=True, type=Path, help="a checkout of acfr/LBDN (layer.py is imported from it)")
    parser.add_argument("--export", required=True, type=Path, help="the .safetensors file written by lbdn export --pytorch")
    arguments = parser.parse_args()
    install_einops_stand_in()
    sys.path.insert(0, str(arguments.reference))
    import layer as layer_module  # the reference's own code, never copied

    description = json.loads(arguments.export.with_suffix(".json").read_text())
    state = read_safetensors(arguments.export)
    check = read_safetensors(arguments.export.with_suffix(".check.safetensors"))
    dtype = torch.float64 if description["dtype"] == "float64" else torch.float32
    model = build(layer_module, description).to(dtype)

    # The reference conv layers create alpha on their first forward pass and cache Q in eval mode: one training-mode pass
    # before loading creates the lazy parameters; the caches (Q, Qfft) are cleared so eval mode recomputes them from the loaded ones.
    model.train()
    with torch.no_grad():
        model(check["input"])
    model.load_state_dict(state, strict=True)
    for module in model.modules():
        for cache in ("Q", "Qfft"):
            if hasattr(module, cache):
                setattr(module, cache, None)
    model.eval()
    with torch.no_grad():
        output = model(check["input"])
    difference = (output - check["output"]).abs().max().item()
    scale = check["output"].abs().max().item()
    print(f"{arguments.export}: {len(state)} tensors loaded into {len(description['modules'])} reference modules; "
          f"max |reference - lbdn| = {difference:.3e} (outputs up to {scale:.3e}, {description['dtype']})")
    differing = [entry for entry in description["modules"] if "lbdn_differs" in entry]
    if differing:
        # The reference computes another function in these modules: the placement is checked with Lbdn's formula there.
        modules = list(model) if isinstance(model, torch.nn.Sequential) else [model]
        with torch.no_grad():
            placed = run(modules, description["modules"], check["input"], with_lbdn_formulas=True)
        difference = (placed - check["output"]).abs().max().item()
        for entry in differing:
            print(f"  module {entry['index']} ({entry['class']}) differs from Lbdn: {entry['lbdn_differs']}")
        print(f"  with Lbdn's formula in those {len(differing)} modules: max |reference - lbdn| = {difference:.3e}")
    return 0 if difference <= 1e-5 * max(1.0, scale) else 1


if __name__ == "__main__":
    sys.exit(main())
