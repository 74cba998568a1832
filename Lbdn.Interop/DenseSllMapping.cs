using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// <see cref="SllLinear"/> &lt;-&gt; <c>SLLBlockFc(features, inner, epsilon=0)</c>: <c>weights</c> [inner, features] is Lbdn's
/// <c>weight</c> (W^T), <c>bias</c> and <c>q</c> as they are (both take q = |q|). With its default epsilon = 1e-6 the
/// reference multiplies each neuron's update by (q_i + epsilon) / q_i beyond the proven T; Lbdn keeps the proven layer.
/// </summary>
internal sealed class DenseSllMapping : IReferenceMapping, IApproximateMapping
{
    /// <summary>The reference's default epsilon, which its checkpoints do not record.</summary>
    public const double ReferenceEpsilon = 1e-6;

    public bool Handles(nn.Module<Tensor, Tensor> stage) => stage is SllLinear;

    public ReferenceLayout Layout(nn.Module<Tensor, Tensor> stage)
    {
        var layer = (SllLinear)stage;
        ReferenceActivation.RequireReLU(layer.Sigma, $"SllLinear({layer.Features}, {layer.InnerFeatures})", "SLLBlockFc");
        return new ReferenceLayout("SLLBlockFc", [layer.Features, layer.InnerFeatures], new Dictionary<string, object> { ["epsilon"] = 0.0 },
            [new("weights", [layer.InnerFeatures, layer.Features]), new("bias", [layer.InnerFeatures]), new("q", [layer.InnerFeatures])]);
    }

    public Dictionary<string, Tensor> ToLbdn(nn.Module<Tensor, Tensor> stage, IReadOnlyDictionary<string, Tensor> reference) =>
        new() { ["weight"] = reference["weights"], ["bias"] = reference["bias"], ["q"] = reference["q"] };

    public Dictionary<string, Tensor> ToReference(nn.Module<Tensor, Tensor> stage)
    {
        var lbdn = StageParameters.Of(stage);
        return new() { ["weights"] = lbdn["weight"], ["bias"] = lbdn["bias"], ["q"] = lbdn["q"] };
    }

    public bool ExportsExactly => true;

    public string Difference(nn.Module<Tensor, Tensor> stage) =>
        "the reference's SLLBlockFc with its default epsilon = 1e-6 scales neuron i by (q_i + 1e-6) / q_i beyond the proven SLL bound; Lbdn computes the proven layer (SLLBlockFc with epsilon=0)";

    // x - W c relu(W^T x + b), c_i = 2 (q_i + epsilon) / sum_j |(W^T W)_ij| q_j with q = |q| and the reference's default epsilon.
    public Tensor ReferenceForward(nn.Module<Tensor, Tensor> stage, Tensor input)
    {
        var layer = (SllLinear)stage;
        using var scope = NewDisposeScope();
        var weight = layer.InnerWeight.detach();
        var q = layer.Q.detach().abs();
        var neurons = nn.functional.relu(nn.functional.linear(input, weight, layer.Bias.detach()));
        var c = 2 * (q + ReferenceEpsilon) / (weight.matmul(weight.mT).abs() * q.unsqueeze(0)).sum(1);
        return (input - (neurons * c).matmul(weight)).MoveToOuterDisposeScope();
    }
}
