using System.Numerics;

namespace Lbdn.Inference.Steps;

/// <summary>Builds the float64 inference steps of a frozen-model file from its layer list and its <c>.f64</c> tensors.</summary>
internal static class StepFactory
{
    private static readonly string[] Known =
    [
        FrozenLayerKinds.Linear, FrozenLayerKinds.FourierConv, FrozenLayerKinds.Conv, FrozenLayerKinds.Sll, FrozenLayerKinds.SllConv,
        FrozenLayerKinds.Activation, FrozenLayerKinds.Scale, FrozenLayerKinds.Flatten, FrozenLayerKinds.AvgPool, FrozenLayerKinds.SpaceToDepth,
    ];

    public static IInferenceStep[] Build(FrozenModelFile file)
    {
        var layers = file.Metadata.Layers;
        var steps = new IInferenceStep[layers.Count];
        var shape = file.Metadata.InputShape;
        for (var k = 0; k < layers.Count; k++)
        {
            var layer = layers[k];
            if (!shape.SequenceEqual(layer.InputShape))
            {
                throw new InvalidDataException(
                    $"Layer {k} ({layer.Kind}) expects input [{string.Join(", ", layer.InputShape)}] but the previous layer gives [{string.Join(", ", shape)}].");
            }

            steps[k] = Create(file, k, layer);
            var size = layer.OutputShape.Aggregate(1, (product, d) => product * d);
            if (steps[k].OutputSize != size)
            {
                throw new InvalidDataException($"Layer {k} ({layer.Kind}) computes {steps[k].OutputSize} outputs but declares shape [{string.Join(", ", layer.OutputShape)}].");
            }

            shape = layer.OutputShape;
        }

        return steps;
    }

    private static IInferenceStep Create(FrozenModelFile file, int k, FrozenLayer layer)
    {
        var input = layer.InputShape;
        var size = input.Aggregate(1, (product, d) => product * d);
        return layer.Kind switch
        {
            FrozenLayerKinds.Linear => Linear(file, k, layer),
            FrozenLayerKinds.FourierConv => Conv(file, k, layer),
            FrozenLayerKinds.Activation => Activation(file, k, layer),
            FrozenLayerKinds.Scale => new ScaleStep(layer.Factor ?? throw Missing(k, "factor"), size),
            FrozenLayerKinds.Flatten => new FlattenStep(size),
            FrozenLayerKinds.AvgPool when Image(input, k) && layer.Kernel is { } kernel && kernel > 0 && input[1] % kernel == 0 && input[2] % kernel == 0 =>
                new AvgPoolStep(input[0], input[1], input[2], kernel),
            FrozenLayerKinds.SpaceToDepth when Image(input, k) && input[1] == input[2] && input[1] % 2 == 0 => new SpaceToDepthStep(input[0], input[1]),
            FrozenLayerKinds.Conv when Image(input, k) => ZeroPaddedConv(file, k, layer, "kernel", input, layer.HasBias == true ? Bias(file, k, layer, layer.OutputShape[0]) : null),
            FrozenLayerKinds.Sll => Sll(file, k, layer),
            FrozenLayerKinds.SllConv when Image(input, k) => Sll(file, k, layer),
            _ when !Known.Contains(layer.Kind) => throw new InvalidDataException(
                $"Layer {k} has the unknown kind '{layer.Kind}'; this reader knows: {string.Join(", ", Known)}. Read the file with a Lbdn.Inference as new as the Lbdn that wrote it."),
            _ => throw new InvalidDataException($"Layer {k} has kind '{layer.Kind}' with unsupported parameters or input [{string.Join(", ", input)}]."),
        };
    }

    private static LinearStep Linear(FrozenModelFile file, int k, FrozenLayer layer)
    {
        var weight = file.Tensor(FrozenModelFile.StepTensor(k, "weight", float64: true));
        if (weight.Shape.Length != 2 || layer.InputShape.Length != 1 || weight.Shape[1] != layer.InputShape[0])
        {
            throw new InvalidDataException($"Layer {k} (linear) has weight [{string.Join(", ", weight.Shape)}] for input [{string.Join(", ", layer.InputShape)}].");
        }

        var bias = Bias(file, k, layer, weight.Shape[0]);
        return new LinearStep(weight.ToDoubles(), bias, weight.Shape[0], weight.Shape[1]);
    }

    private static FourierConvStep Conv(FrozenModelFile file, int k, FrozenLayer layer)
    {
        var matrices = file.Tensor(FrozenModelFile.StepTensor(k, "matrices", float64: true));
        var input = layer.InputShape;
        var shape = matrices.Shape;
        if (!Image(input, k) || input[1] != input[2] || shape.Length != 4 || shape[3] != 2 || shape[2] != input[0]
            || shape[0] != input[1] * Fourier2D.Columns(input[1]))
        {
            throw new InvalidDataException($"Layer {k} (fourier_conv) has matrices [{string.Join(", ", shape)}] for input [{string.Join(", ", input)}]; expected [n (n/2 + 1), out, in, 2].");
        }

        var parts = matrices.ToDoubles();
        var complex = new Complex[parts.Length / 2];
        for (var i = 0; i < complex.Length; i++)
        {
            complex[i] = new Complex(parts[2 * i], parts[(2 * i) + 1]);
        }

        return new FourierConvStep(complex, Bias(file, k, layer, shape[1]), input[1], shape[1], shape[2]);
    }

    // kernel [out, in, k, k] with k odd, on the [in, h, w] image of the layer (zero padding (k - 1) / 2).
    private static ConvStep ZeroPaddedConv(FrozenModelFile file, int k, FrozenLayer layer, string name, int[] input, double[]? bias)
    {
        var kernel = file.Tensor(FrozenModelFile.StepTensor(k, name, float64: true));
        var shape = kernel.Shape;
        if (shape.Length != 4 || shape[1] != input[0] || shape[2] != shape[3] || shape[2] % 2 == 0 || (bias is not null && bias.Length != shape[0]))
        {
            throw new InvalidDataException(
                $"Layer {k} ({layer.Kind}) has {name} [{string.Join(", ", shape)}] for input [{string.Join(", ", input)}] and {bias?.Length ?? 0} biases; expected [out, {input[0]}, k, k] with k odd and out biases.");
        }

        return new ConvStep(kernel.ToDoubles(), bias, shape[0], shape[1], shape[2], input[1], input[2]);
    }

    // y = x + U sigma(V x + b): V and U dense ([inner, n] and [n, inner]) or zero-padded kernels ([inner, c, k, k] and [c, inner, k, k]).
    private static SllStep Sll(FrozenModelFile file, int k, FrozenLayer layer)
    {
        var input = layer.InputShape;
        var convolution = layer.Kind == FrozenLayerKinds.SllConv;
        var bias = file.Tensor(FrozenModelFile.StepTensor(k, "bias", float64: true)).ToDoubles();
        var inner = convolution
            ? (IInferenceStep)ZeroPaddedConv(file, k, layer, "inner", input, bias)
            : Dense(file, k, layer, "inner", input, bias);
        int[] neurons = convolution ? [bias.Length, input[1], input[2]] : [bias.Length];
        var outer = convolution
            ? (IInferenceStep)ZeroPaddedConv(file, k, layer, "outer", neurons, null)
            : Dense(file, k, layer, "outer", neurons, null);
        if (outer.OutputSize != inner.InputSize)
        {
            throw new InvalidDataException($"Layer {k} ({layer.Kind}) maps its {bias.Length} neurons back to {outer.OutputSize} values instead of {inner.InputSize}.");
        }

        var sigma = Activation(file, k, layer with { Kind = FrozenLayerKinds.Activation, InputShape = neurons, OutputShape = neurons });
        return new SllStep(inner, bias, convolution ? input[1] * input[2] : 1, sigma, outer);
    }

    private static LinearStep Dense(FrozenModelFile file, int k, FrozenLayer layer, string name, int[] input, double[]? bias)
    {
        var weight = file.Tensor(FrozenModelFile.StepTensor(k, name, float64: true));
        if (weight.Shape.Length != 2 || input.Length != 1 || weight.Shape[1] != input[0] || (bias is not null && bias.Length != weight.Shape[0]))
        {
            throw new InvalidDataException(
                $"Layer {k} ({layer.Kind}) has {name} [{string.Join(", ", weight.Shape)}] for input [{string.Join(", ", input)}] and {bias?.Length ?? 0} biases.");
        }

        return new LinearStep(weight.ToDoubles(), bias, weight.Shape[0], weight.Shape[1]);
    }

    private static ActivationStep Activation(FrozenModelFile file, int k, FrozenLayer layer)
    {
        var kind = layer.Activation ?? throw Missing(k, "activation");
        if (!ActivationStep.Kinds.Contains(kind))
        {
            throw new InvalidDataException($"Layer {k} has activation '{kind}'; supported: {string.Join(", ", ActivationStep.Kinds)}.");
        }

        var shape = layer.InputShape;
        var axis = layer.Dim is 1 && shape.Length == 3 ? 0 : shape.Length - 1;
        var neurons = shape[axis];
        var outer = shape[..axis].Aggregate(1, (product, d) => product * d);
        var inner = shape[(axis + 1)..].Aggregate(1, (product, d) => product * d);
        if ((kind == "MaxMin" && neurons % 2 != 0) || (kind == "GroupSort" && neurons % 4 != 0))
        {
            throw new InvalidDataException($"Layer {k} ({kind}) cannot group {neurons} neurons.");
        }

        double[]? threshold = null;
        if (kind == "ClippedReLU")
        {
            var tensor = file.Tensor(FrozenModelFile.StepTensor(k, "threshold", float64: true));
            threshold = tensor.ElementCount == neurons
                ? tensor.ToDoubles()
                : throw new InvalidDataException($"Layer {k} (ClippedReLU) has {tensor.ElementCount} thresholds for {neurons} neurons.");
        }

        return new ActivationStep(kind, threshold, outer, neurons, inner);
    }

    private static double[]? Bias(FrozenModelFile file, int k, FrozenLayer layer, int outputs)
    {
        if (layer.HasBias != true)
        {
            return null;
        }

        var bias = file.Tensor(FrozenModelFile.StepTensor(k, "bias", float64: true));
        return bias.ElementCount == outputs
            ? bias.ToDoubles()
            : throw new InvalidDataException($"Layer {k} has a bias of {bias.ElementCount} elements for {outputs} outputs.");
    }

    private static bool Image(int[] shape, int k) =>
        shape.Length == 3 ? true : throw new InvalidDataException($"Layer {k} needs an image input [c, h, w], got [{string.Join(", ", shape)}].");

    private static InvalidDataException Missing(int k, string field) => new($"Layer {k} lacks its '{field}'.");
}
