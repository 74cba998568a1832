using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// The fully connected sandwich layer of Wang and Manchester (ICML 2023):
/// h_out = sqrt(2) A^T Psi sigma(sqrt(2) Psi^-1 B h_in + b), 1-Lipschitz for every parameter value when sigma has slope in [0, 1].
/// </summary>
public sealed class SandwichLayer : TransformLayer, ILipschitzModule, IFreezable
{
    private readonly Parameter weight;
    private readonly Parameter alpha;
    private readonly Parameter psi;
    private readonly Parameter bias;
    private readonly LipschitzActivation activation;

    /// <summary>Creates a layer <paramref name="inFeatures"/> -&gt; <paramref name="outFeatures"/> with all parameters.</summary>
    public SandwichLayer(long inFeatures, long outFeatures, Activation activation = Activation.ReLU, Device? device = null, ScalarType dtype = ScalarType.Float32)
        : base(nameof(SandwichLayer))
    {
        LayerArguments.Positive(inFeatures, nameof(inFeatures));
        LayerArguments.Positive(outFeatures, nameof(outFeatures));
        LayerArguments.SlopeRestricted(activation, nameof(SandwichLayer));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        weight = ParameterInit.Uniform([outFeatures, outFeatures + inFeatures], outFeatures + inFeatures, device, dtype);
        alpha = ParameterInit.FrobeniusScale(weight);
        psi = ParameterInit.Filled([outFeatures], 0.0, device, dtype);
        bias = ParameterInit.Uniform([outFeatures], outFeatures + inFeatures, device, dtype);
        this.activation = new LipschitzActivation(activation, outFeatures, -1, device, dtype);
        CacheTransform(() => [weight, alpha], () => SandwichFactors.Compute(weight, alpha));
        RegisterComponents();
    }

    /// <summary>Input width.</summary>
    public long InFeatures { get; }

    /// <summary>Output width.</summary>
    public long OutFeatures { get; }

    /// <summary>The activation sigma.</summary>
    public LipschitzActivation Sigma => activation;

    /// <inheritdoc />
    public double LipschitzBound => 1.0;

    /// <summary>The Cayley factors (A, B) of the current parameters.</summary>
    public (Tensor A, Tensor B) Factors()
    {
        var ab = Transform();
        return (ab[0], ab[1]);
    }

    /// <summary>Psi = diag(exp(d)) as its diagonal.</summary>
    public Tensor Psi() => psi.exp();

    /// <summary>The bias b inside the activation.</summary>
    public Tensor Bias => bias;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ShapeCheck.Features(input, InFeatures, nameof(SandwichLayer));
        using var scope = NewDisposeScope();
        var psiDiagonal = psi.exp();
        if (training)
        {
            // The same map through the factored transform, recomputed from the parameters on every call.
            var factored = SandwichFactors.Training(weight, alpha);
            var pre = (Math.Sqrt(2) * factored.TimesBTransposed(input) / psiDiagonal) + bias;
            return (Math.Sqrt(2) * factored.TimesA(activation.call(pre) * psiDiagonal)).MoveToOuterDisposeScope();
        }

        var (a, b) = Factors();

        // h_out = sqrt(2) A^T Psi sigma(sqrt(2) Psi^-1 B h_in + b), in row-vector form.
        var z = (Math.Sqrt(2) * input.matmul(b.mT) / psiDiagonal) + bias;
        var output = Math.Sqrt(2) * (activation.call(z) * psiDiagonal).matmul(a);
        return output.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze() => Freeze(weight.dtype);

    /// <inheritdoc />
    public nn.Module<Tensor, Tensor> Freeze(ScalarType precision)
    {
        LayerArguments.Precision(precision);
        using var _ = torch.no_grad();
        using var scope = NewDisposeScope();
        var (a, b) = SandwichFactors.ComputeDetached(weight, alpha, precision);
        var psiDiagonal = psi.detach().to_type(precision).exp();

        // W_in = sqrt(2) Psi^-1 B, W_out = sqrt(2) A^T Psi.
        var wIn = Math.Sqrt(2) * b / psiDiagonal.unsqueeze(1);
        var wOut = Math.Sqrt(2) * a.mT * psiDiagonal.unsqueeze(0);
        return new FrozenSequence(
            new FrozenLinear(wIn, bias.detach().to_type(precision)),
            activation.Freeze(precision),
            new FrozenLinear(wOut, null));
    }
}
