using Lbdn.Inference;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Export;

/// <summary>Maps each frozen step module to its <see cref="FrozenLayer"/> record and tensors, and back.</summary>
internal static class FrozenStepCodec
{
    private static readonly string[] Known =
    [
        FrozenLayerKinds.Linear, FrozenLayerKinds.FourierConv, FrozenLayerKinds.Conv, FrozenLayerKinds.Sll, FrozenLayerKinds.SllConv,
        FrozenLayerKinds.Activation, FrozenLayerKinds.Scale, FrozenLayerKinds.Flatten, FrozenLayerKinds.AvgPool, FrozenLayerKinds.SpaceToDepth,
    ];

    /// <summary>The layer record of <paramref name="step"/> for an input of <paramref name="input"/>.</summary>
    public static FrozenLayer Describe(nn.Module<Tensor, Tensor> step, int[] input, int index) => step switch
    {
        FrozenLinear linear => new(FrozenLayerKinds.Linear, input, [(int)linear.Weight.shape[0]], HasBias: linear.Bias is not null),
        FrozenFourierConv conv => new(FrozenLayerKinds.FourierConv, input, [(int)conv.Matrices.shape[1], (int)conv.Size, (int)conv.Size], HasBias: conv.Bias is not null),
        LipschitzActivation activation => new(FrozenLayerKinds.Activation, input, input, Activation: activation.Kind.ToString(), Dim: (int)activation.Dim),
        LipschitzScale scale => new(FrozenLayerKinds.Scale, input, input, Factor: scale.Factor),
        Flatten => new(FrozenLayerKinds.Flatten, input, [input.Aggregate(1, (product, d) => product * d)]),
        AvgPool pool => new(FrozenLayerKinds.AvgPool, input, [input[0], input[1] / (int)pool.Kernel, input[2] / (int)pool.Kernel], Kernel: (int)pool.Kernel),
        SpaceToDepth => new(FrozenLayerKinds.SpaceToDepth, input, [input[0] * 4, input[1] / 2, input[2] / 2]),
        FrozenConv conv => new(FrozenLayerKinds.Conv, input, [(int)conv.Kernel.shape[0], input[1], input[2]],
            Kernel: (int)conv.Kernel.shape[^1], HasBias: conv.Bias is not null, NormBound: conv.NormBound),
        FrozenSll sll => new(sll.Padding is null ? FrozenLayerKinds.Sll : FrozenLayerKinds.SllConv, input, input,
            Activation: sll.Sigma.Kind.ToString(), Dim: (int)sll.Sigma.Dim, Kernel: sll.Padding is null ? null : (int)sll.Inner.shape[^1]),
        _ => throw new NotSupportedException(
            $"Step {index} is a {step.GetType().Name}, which the frozen-model format does not describe; supported: frozen linear, Fourier and zero-padded convolution maps, SLL residuals, Lipschitz activations, scales, flatten, average pooling, space-to-depth."),
    };

    /// <summary>The tensors of step <paramref name="index"/> in its own precision.</summary>
    public static IEnumerable<FrozenTensor> Tensors(nn.Module<Tensor, Tensor> step, int index, bool float64)
    {
        switch (step)
        {
            case FrozenLinear linear:
                yield return Tensor(FrozenModelFile.StepTensor(index, "weight", float64), linear.Weight, float64);
                if (linear.Bias is not null)
                {
                    yield return Tensor(FrozenModelFile.StepTensor(index, "bias", float64), linear.Bias, float64);
                }

                break;
            case FrozenFourierConv conv:
                using (var parts = view_as_real(conv.Matrices.contiguous()))
                {
                    yield return Tensor(FrozenModelFile.StepTensor(index, "matrices", float64), parts, float64);
                }

                if (conv.Bias is not null)
                {
                    yield return Tensor(FrozenModelFile.StepTensor(index, "bias", float64), conv.Bias, float64);
                }

                break;
            case FrozenConv conv:
                yield return Tensor(FrozenModelFile.StepTensor(index, "kernel", float64), conv.Kernel, float64);
                if (conv.Bias is not null)
                {
                    yield return Tensor(FrozenModelFile.StepTensor(index, "bias", float64), conv.Bias, float64);
                }

                break;
            case FrozenSll sll:
                yield return Tensor(FrozenModelFile.StepTensor(index, "inner", float64), sll.Inner, float64);
                yield return Tensor(FrozenModelFile.StepTensor(index, "bias", float64), sll.Bias, float64);
                yield return Tensor(FrozenModelFile.StepTensor(index, "outer", float64), sll.Outer, float64);
                if (sll.Sigma.Threshold is { } sllThreshold)
                {
                    yield return Tensor(FrozenModelFile.StepTensor(index, "threshold", float64), sllThreshold, float64);
                }

                break;
            case LipschitzActivation { Threshold: { } threshold }:
                yield return Tensor(FrozenModelFile.StepTensor(index, "threshold", float64), threshold, float64);
                break;
        }
    }

    /// <summary>The step module of layer <paramref name="index"/> with its weights in <paramref name="precision"/>.</summary>
    public static nn.Module<Tensor, Tensor> Module(FrozenModelFile file, int index, ScalarType precision)
    {
        var layer = file.Metadata.Layers[index];
        var wide = precision == ScalarType.Float64;
        Tensor? Optional(string name) => file.Tensors.TryGetValue(FrozenModelFile.StepTensor(index, name, wide), out var t) ? Load(t, precision) : null;
        Tensor Required(string name) => Load(file.Tensor(FrozenModelFile.StepTensor(index, name, wide)), precision);
        return layer.Kind switch
        {
            FrozenLayerKinds.Linear => new FrozenLinear(Required("weight"), layer.HasBias == true ? Required("bias") : null),
            FrozenLayerKinds.FourierConv => new FrozenFourierConv(
                view_as_complex(Required("matrices")), layer.HasBias == true ? Required("bias") : null, layer.InputShape[1]),
            FrozenLayerKinds.Activation => Activation(layer, Neurons(layer), Optional("threshold")),
            FrozenLayerKinds.Scale => new LipschitzScale(layer.Factor ?? throw new InvalidDataException($"Layer {index} lacks its factor.")),
            FrozenLayerKinds.Flatten => new Flatten(),
            FrozenLayerKinds.AvgPool => new AvgPool(layer.Kernel ?? throw new InvalidDataException($"Layer {index} lacks its kernel.")),
            FrozenLayerKinds.SpaceToDepth => new SpaceToDepth(),
            FrozenLayerKinds.Conv => new FrozenConv(
                Required("kernel"), layer.HasBias == true ? Required("bias") : null, layer.NormBound ?? throw new InvalidDataException($"Layer {index} lacks its norm_bound.")),
            FrozenLayerKinds.Sll or FrozenLayerKinds.SllConv => Sll(layer, Required("inner"), Required("bias"), Required("outer"), Optional("threshold")),
            _ => throw new InvalidDataException(
                $"Layer {index} has the unknown kind '{layer.Kind}'; this reader knows: {string.Join(", ", Known)}. Read the file with a Lbdn as new as the one that wrote it."),
        };
    }

    // The dense form has no padding; the convolution pads by (k - 1) / 2 and its neurons are V's output channels.
    private static FrozenSll Sll(FrozenLayer layer, Tensor inner, Tensor bias, Tensor outer, Tensor? threshold)
    {
        long? padding = layer.Kind == FrozenLayerKinds.SllConv ? (inner.shape[^1] - 1) / 2 : null;
        return new FrozenSll(inner, bias, outer, Activation(layer, inner.shape[0], threshold), padding);
    }

    private static long Neurons(FrozenLayer layer) =>
        layer.Dim == 1 && layer.InputShape.Length == 3 ? layer.InputShape[0] : layer.InputShape[^1];

    private static LipschitzActivation Activation(FrozenLayer layer, long neurons, Tensor? threshold)
    {
        if (!Enum.TryParse<Activation>(layer.Activation, out var kind))
        {
            throw new InvalidDataException($"Unknown activation '{layer.Activation}'.");
        }

        return LipschitzActivation.Frozen(kind, neurons, layer.Dim ?? -1, threshold);
    }

    private static FrozenTensor Tensor(string name, Tensor tensor, bool float64)
    {
        int[] shape = [.. tensor.shape.Select(d => (int)d)];
        using var flat = tensor.detach().contiguous().flatten();
        return float64
            ? FrozenTensor.FromDoubles(name, shape, flat.to_type(ScalarType.Float64).data<double>().ToArray())
            : FrozenTensor.FromSingles(name, shape, flat.to_type(ScalarType.Float32).data<float>().ToArray());
    }

    private static Tensor Load(FrozenTensor stored, ScalarType precision)
    {
        long[] shape = [.. stored.Shape.Select(d => (long)d)];
        return precision == ScalarType.Float64 ? tensor(stored.ToDoubles(), shape) : tensor(stored.ToSingles(), shape);
    }
}
