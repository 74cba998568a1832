using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The explicit-weight inference form of a Lipschitz network: every stage frozen, consecutive affine maps and scales
/// fused into single matrices (W_k = 2 Psi_k^-1 B_k A_{k-1}^T Psi_{k-1} for sandwich stacks), so it runs at the speed of a plain MLP.
/// </summary>
public sealed class FrozenNetwork : nn.Module<Tensor, Tensor>, ILipschitzModule
{
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> steps;

    private FrozenNetwork(double bound, long[] inputShape, IEnumerable<nn.Module<Tensor, Tensor>> steps) : base(nameof(FrozenNetwork))
    {
        LipschitzBound = bound;
        InputShape = inputShape;
        this.steps = nn.ModuleList([.. steps]);
        RegisterComponents();
    }

    /// <inheritdoc />
    public double LipschitzBound { get; }

    /// <summary>The input shape without the batch dimension.</summary>
    public long[] InputShape { get; }

    /// <summary>The fused inference steps in order.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Steps => [.. steps];

    /// <summary>Freezes <paramref name="stages"/> (modules that are not <see cref="IFreezable"/> are used as they are) and fuses affine steps.</summary>
    public static FrozenNetwork From(double bound, long[] inputShape, params nn.Module<Tensor, Tensor>[] stages) =>
        From(bound, inputShape, stages, freezable => freezable.Freeze());

    /// <summary>Freezes a network through its stages, each in its own precision.</summary>
    public static FrozenNetwork From(ILipschitzNetwork network) =>
        From(network.LipschitzBound, network.InputShape, [.. network.Stages]);

    /// <summary>
    /// Freezes a network through its stages with <see cref="IFreezable.Freeze(ScalarType)"/>, so every transform and
    /// every fused product is evaluated in <paramref name="precision"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="precision"/> is neither Float32 nor Float64.</exception>
    public static FrozenNetwork From(ILipschitzNetwork network, ScalarType precision)
    {
        LayerArguments.Precision(precision);
        return From(network.LipschitzBound, network.InputShape, [.. network.Stages], freezable => freezable.Freeze(precision));
    }

    /// <summary>
    /// Loads a frozen-model file (the .safetensors <c>lbdn freeze</c> and <see cref="Export.FrozenModelWriter"/> write) with
    /// the weights stored in <paramref name="precision"/>: Float64 gives back the float64 freeze, Float32 the float32 one.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a well-formed frozen-model file.</exception>
    /// <exception cref="ArgumentException"><paramref name="precision"/> is neither Float32 nor Float64.</exception>
    public static FrozenNetwork Load(string path, ScalarType precision = ScalarType.Float32)
    {
        LayerArguments.Precision(precision);
        var file = Inference.FrozenModelFile.Read(path);
        var steps = Enumerable.Range(0, file.Metadata.Layers.Count).Select(k => Export.FrozenStepCodec.Module(file, k, precision)).ToList();
        return new FrozenNetwork(file.Metadata.LipschitzBound, [.. file.Metadata.InputShape.Select(d => (long)d)], steps);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var expected = InputShape;
        if (input.dim() != expected.Length + 1 || !input.shape.Skip(1).SequenceEqual(expected))
        {
            throw new ArgumentException(
                $"The frozen network expects input of shape [batch, {string.Join(", ", expected)}], got [{string.Join(", ", input.shape)}].");
        }

        using var scope = NewDisposeScope();
        var x = input;
        foreach (var step in steps)
        {
            x = step.call(x);
        }

        return x.MoveToOuterDisposeScope();
    }

    private static FrozenNetwork From(double bound, long[] inputShape, nn.Module<Tensor, Tensor>[] stages, Func<IFreezable, nn.Module<Tensor, Tensor>> freeze)
    {
        using var _ = torch.no_grad();
        return FromFrozen(bound, inputShape, stages.Select(s => s is IFreezable f ? freeze(f) : s));
    }

    /// <summary>The network of already frozen <paramref name="frozen"/> stages, nested sequences flattened and affine steps fused.</summary>
    internal static FrozenNetwork FromFrozen(double bound, long[] inputShape, IEnumerable<nn.Module<Tensor, Tensor>> frozen) =>
        new(bound, inputShape, Fuse(frozen.SelectMany(Unnest)));

    /// <summary>The explicit steps of a frozen module in order, nested sequences and networks flattened.</summary>
    internal static IEnumerable<nn.Module<Tensor, Tensor>> Unnest(nn.Module<Tensor, Tensor> module) => module switch
    {
        FrozenSequence sequence => sequence.Steps.SelectMany(Unnest),
        FrozenNetwork network => network.Steps.SelectMany(Unnest),
        _ => [module],
    };

    // Fuses x -> c x -> W x + b -> V x + d into (V W c) x + (V b + d).
    private static List<nn.Module<Tensor, Tensor>> Fuse(IEnumerable<nn.Module<Tensor, Tensor>> steps)
    {
        var fused = new List<nn.Module<Tensor, Tensor>>();
        double pendingScale = 1.0;
        foreach (var step in steps)
        {
            switch (step)
            {
                case LipschitzScale scale when fused.Count > 0 && fused[^1] is FrozenLinear previous:
                    fused[^1] = Scaled(previous, scale.Factor);
                    break;
                case LipschitzScale scale when fused.Count > 0 && fused[^1] is FrozenFourierConv previous:
                    fused[^1] = Scaled(previous, scale.Factor);
                    break;
                case LipschitzScale scale:
                    pendingScale *= scale.Factor;
                    break;
                case FrozenLinear linear when fused.Count > 0 && fused[^1] is FrozenLinear previous:
                    fused[^1] = Compose(previous, linear);
                    break;
                case FrozenFourierConv conv when fused.Count > 0 && fused[^1] is FrozenFourierConv previous && previous.Size == conv.Size:
                    fused[^1] = Compose(previous, conv);
                    break;
                case FrozenFourierConv conv when pendingScale != 1.0:
                    fused.Add(Scaled(conv, pendingScale, scaleBias: false));
                    pendingScale = 1.0;
                    break;
                case FrozenLinear linear when pendingScale != 1.0:
                    fused.Add(new FrozenLinear(linear.Weight * pendingScale, linear.Bias));
                    pendingScale = 1.0;
                    break;
                default:
                    if (pendingScale != 1.0)
                    {
                        fused.Add(new LipschitzScale(pendingScale));
                        pendingScale = 1.0;
                    }

                    fused.Add(step);
                    break;
            }
        }

        if (pendingScale != 1.0)
        {
            fused.Add(new LipschitzScale(pendingScale));
        }

        return fused;
    }

    private static FrozenLinear Scaled(FrozenLinear linear, double factor)
    {
        using var scope = NewDisposeScope();
        return new FrozenLinear(linear.Weight * factor, linear.Bias is null ? null : linear.Bias * factor);
    }

    private static FrozenFourierConv Scaled(FrozenFourierConv conv, double factor, bool scaleBias = true)
    {
        using var scope = NewDisposeScope();
        var bias = conv.Bias is null || !scaleBias ? conv.Bias : conv.Bias * factor;
        return new FrozenFourierConv(conv.Matrices * factor, bias, conv.Size);
    }

    // Per frequency M = M2 M1; a per-channel bias b1 is a constant image, which only the zero frequency carries: b = M2(0) b1 + b2.
    private static FrozenFourierConv Compose(FrozenFourierConv first, FrozenFourierConv second)
    {
        using var scope = NewDisposeScope();
        var matrices = second.Matrices.matmul(first.Matrices);
        var carried = first.Bias is null ? null : torch.real(second.Matrices[0]).matmul(first.Bias);
        var bias = carried is null ? second.Bias : second.Bias is null ? carried : carried + second.Bias;
        return new FrozenFourierConv(matrices, bias, first.Size);
    }

    private static FrozenLinear Compose(FrozenLinear first, FrozenLinear second)
    {
        using var scope = NewDisposeScope();
        var weight = second.Weight.matmul(first.Weight);
        var bias = first.Bias is null ? second.Bias : nn.functional.linear(first.Bias, second.Weight, second.Bias);
        return new FrozenLinear(weight, bias);
    }
}
