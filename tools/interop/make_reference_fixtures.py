#!/usr/bin/env python3
"""Writes interop fixtures from the reference LBDN implementation (acfr/LBDN, read-only checkout given by --reference).

For each case: CASE.pth (the reference module's state_dict, as torch.save writes it), CASE.check.pth ({"input", "output"}:
a check batch and the reference's eval-mode output on it) and one entry of cases.json (class, constructor arguments,
input shape). Everything is float64 with fixed seeds, so the files are reproducible. Run under Debian's python3-torch:

    python3 tools/interop/make_reference_fixtures.py --reference /path/to/LBDN --out Lbdn.Tests/Interop/Fixtures

The reference imports einops only for the stride-2 space-to-depth of its conv layers; Debian has no einops package, so
this script registers a stand-in that implements exactly that one rearrangement.
"""
import argparse
import json
import sys
import types
from pathlib import Path

import torch


def space_to_depth(x, pattern, k1, k2):
    # "b c (w k1) (h k2) -> b (c k1 k2) w h"
    if pattern != "b c (w k1) (h k2) -> b (c k1 k2) w h":
        raise NotImplementedError(pattern)
    b, c, h, w = x.shape
    x = x.reshape(b, c, h // k1, k1, w // k2, k2)
    return x.permute(0, 1, 3, 5, 2, 4).reshape(b, c * k1 * k2, h // k1, w // k2)


def install_einops_stand_in():
    module = types.ModuleType("einops")
    module.rearrange = space_to_depth
    sys.modules["einops"] = module


# (name, class, args, kwargs, input shape without batch); names ending in _lazy are saved before the first forward pass,
# so their state_dict lacks the conv alpha that the reference creates lazily (the check output is taken after creating it);
# names ending in _nonneg take the absolute value of the kernel after perturbing it.
CASES = [
    ("sandwich_fc", "SandwichFc", [6, 5], {}, [6]),
    ("sandwich_fc_wide", "SandwichFc", [4, 7], {}, [4]),
    ("sandwich_lin", "SandwichLin", [6, 3], {}, [6]),
    ("sandwich_lin_ab", "SandwichLin", [6, 3], {"AB": True}, [6]),
    ("orthogon_fc_square", "OrthogonFc", [5, 5], {}, [5]),
    ("orthogon_fc_narrow", "OrthogonFc", [7, 4], {}, [7]),
    ("orthogon_fc_wide", "OrthogonFc", [4, 7], {}, [4]),
    ("orthogon_lin", "OrthogonLin", [6, 3], {}, [6]),
    ("sandwich_conv_k3", "SandwichConv", [2, 3, 3], {}, [2, 8, 8]),
    ("sandwich_conv_k3_s2", "SandwichConv", [2, 3, 3], {"stride": 2}, [2, 8, 8]),
    ("sandwich_conv_k5_s2", "SandwichConv", [2, 3, 5], {"stride": 2}, [2, 8, 8]),
    ("sandwich_conv_lin_k3", "SandwichConvLin", [2, 3, 3], {}, [2, 8, 8]),
    ("orthogon_conv_k3", "OrthogonConv", [3, 3, 3], {}, [3, 8, 8]),
    ("orthogon_conv_k3_s2", "OrthogonConv", [2, 8, 3], {"stride": 2}, [2, 8, 8]),
    ("orthogon_conv_k5_s2", "OrthogonConv", [2, 8, 5], {"stride": 2}, [2, 8, 8]),
    ("orthogon_conv_lin_k3", "OrthogonConvLin", [3, 2, 3], {}, [3, 8, 8]),
    ("orthogon_conv_wide_k3", "OrthogonConv", [2, 5, 3], {}, [2, 8, 8]),
    ("orthogon_conv_k5_s2_lazy", "OrthogonConv", [2, 8, 5], {"stride": 2}, [2, 8, 8]),
    ("sandwich_conv_k3_lazy", "SandwichConv", [2, 3, 3], {}, [2, 8, 8]),
    ("aol_fc", "AolFc", [6, 5], {}, [6]),
    ("aol_lin", "AolLin", [6, 3], {}, [6]),
    ("aol_conv_k3", "AolConv", [2, 3, 3], {}, [2, 8, 8]),
    ("aol_conv_lin_k3", "AolConvLin", [2, 3, 3], {}, [2, 8, 8]),
    ("sll_fc", "SLLBlockFc", [5, 7], {"epsilon": 0.0}, [5]),
    ("sll_conv_k3", "SLLBlockConv", [3, 4, 3], {}, [3, 8, 8]),
    ("sll_fc_default_epsilon", "SLLBlockFc", [5, 7], {}, [5]),
    ("aol_conv_one_channel", "AolConv", [1, 1, 3], {}, [1, 8, 8]),
    ("aol_conv_k3_nonneg", "AolConv", [2, 3, 3], {}, [2, 8, 8]),
    ("aol_fc_scale", "AolFc", [6, 5], {"scale": 2.0}, [6]),
]


def perturb(module, generator):
    # Move every parameter off its initial value (psi = 0, alpha = ||W||) so that a wrong mapping cannot agree by accident.
    with torch.no_grad():
        for name, parameter in module.named_parameters():
            noise = torch.randn(parameter.shape, generator=generator, dtype=parameter.dtype)
            if name == "alpha":
                parameter.mul_(0.8 + 0.4 * torch.rand((), generator=generator, dtype=parameter.dtype))
            elif name == "psi":
                parameter.copy_(0.3 * noise)
            else:
                parameter.add_(0.1 * noise)


def make_case(layer_module, name, cls, args, kwargs, shape, out):
    seed = sum(map(ord, name))
    generator = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    module = getattr(layer_module, cls)(*args, **kwargs).double()
    x = torch.rand([4] + shape, generator=generator, dtype=torch.float64)
    lazy = name.endswith("_lazy")
    if lazy:
        perturb(module, generator)
        state = {k: v.clone() for k, v in module.state_dict().items()}
    module.train()
    module(x)  # creates the lazily initialised alpha of the conv layers
    module.double()
    if not lazy:
        perturb(module, generator)
        if name.endswith("_nonneg"):
            with torch.no_grad():
                module.kernel.abs_()
        state = module.state_dict()
    module.train()
    train_output = module(x).detach()
    module.eval()
    module.Q = None
    if hasattr(module, "Qfft"):
        module.Qfft = None
    output = module(x).detach()
    if not torch.allclose(output, train_output, rtol=0, atol=1e-12):
        raise RuntimeError(f"{name}: train and eval outputs differ")
    torch.save(state, out / f"{name}.pth")
    torch.save({"input": x, "output": output}, out / f"{name}.check.pth")
    return {"name": name, "class": cls, "args": args, "kwargs": kwargs, "input_shape": shape,
            "parameters": {k: list(v.shape) for k, v in state.items()}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", required=True, type=Path, help="a checkout of acfr/LBDN (layer.py is imported from it)")
    parser.add_argument("--out", required=True, type=Path)
    options = parser.parse_args()
    install_einops_stand_in()
    sys.path.insert(0, str(options.reference))
    import layer as layer_module  # the reference's own code, never copied

    torch.set_default_dtype(torch.float64)
    options.out.mkdir(parents=True, exist_ok=True)
    cases = [make_case(layer_module, *case, options.out) for case in CASES]
    (options.out / "cases.json").write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=2) + "\n")
    print(f"{len(cases)} cases written to {options.out}")


if __name__ == "__main__":
    main()
