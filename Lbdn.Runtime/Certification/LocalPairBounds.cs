using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Differentiable local pair bounds for Local-Lip training: with the varying masks of <see cref="IntervalPropagation"/>
/// (held fixed), K_i = ||D (w_y - w_i)|| prod_k L_k, L_k the local bound of stage k before the last affine one:
/// min(1, max over the slope box of ||sqrt2 A^T Psi S sqrt2 Psi^-1 B||) for sandwich layers (at a worst vertex, <see cref="SandwichSlopeNorms"/>), min(c, ||D W||) for dense and orthogonal layers
/// with elementwise activations, the global bound otherwise; D on the last differences is the mask of the activation
/// feeding the last affine stage directly (none after a sandwich layer, whose output map mixes its neurons).
/// The masked norms are <see cref="PowerIterationNorms"/> estimates, so gradients reach the weights. For training only;
/// certificates come from <see cref="LocalCertificate"/>.
/// </summary>
public static class LocalPairBounds
{
    /// <summary>K [batch, classes] for <paramref name="inputs"/> with labels y at radius <paramref name="eps"/>.</summary>
    /// <exception cref="NotSupportedException">The network does not end in an affine stage, or has stages interval propagation cannot handle.</exception>
    public static Tensor Compute(ILipschitzNetwork network, Tensor inputs, Tensor labels, double eps)
    {
        using var norms = new PowerIterationNorms();
        return Compute(network, IntervalPropagation.PreActivationBounds(network, inputs, eps), labels, norms);
    }

    /// <summary>K [batch, classes] from the pre-activation bounds of every elementwise activation, in order.</summary>
    public static Tensor Compute(ILipschitzNetwork network, IReadOnlyList<NeuronBounds> activations, Tensor labels, PowerIterationNorms norms)
    {
        var (lastIndex, lastWeight, scale) = LastAffine.Find(network)
            ?? throw new NotSupportedException("Local pair bounds need a network ending in an affine stage (sandwich output, or dense/orthogonal with identity).");
        var weight = lastWeight * scale;
        var (product, feeding) = StageProduct(network, activations, lastIndex, norms);

        // ||D (w_y - w_i)||, with sqrt(. + tiny) so the i = y entry has a finite gradient.
        var differences = weight.index_select(0, labels).unsqueeze(1) - weight.unsqueeze(0);
        if (feeding is not null)
        {
            differences = differences * feeding.to_type(differences.dtype).unsqueeze(1);
        }

        return (differences.square().sum(-1) + 1e-12).sqrt() * product.unsqueeze(1);
    }

    /// <summary>
    /// prod_k L_k over the first <paramref name="count"/> stages per sample, and the mask of the activation ending stage
    /// count - 1 when it feeds the next stage directly (dense and orthogonal layers), else null.
    /// </summary>
    internal static (Tensor Product, Tensor? FeedingMask) StageProduct(ILipschitzNetwork network, IReadOnlyList<NeuronBounds> activations, int count, PowerIterationNorms norms)
    {
        var next = 0;
        var (batch, device) = activations.Count > 0 ? (activations[0].Varying.shape[0], activations[0].Varying.device) : (1L, CPU);
        Tensor? product = null;
        Tensor? feeding = null;
        for (var index = 0; index < count; index++)
        {
            var stage = network.Stages[index];
            var global = ((ILipschitzModule)stage).LipschitzBound;
            feeding = null;
            Tensor? local = null;
            switch (stage)
            {
                case SandwichLayer sandwich:
                    local = Sandwich(sandwich, activations[next++], norms);
                    break;
                case DenseLayer dense when LipschitzActivation.IsSlopeRestricted(dense.Sigma.Kind):
                    feeding = Mask(activations[next++]);
                    local = RowMasked(dense.Weight(), feeding, norms, $"{index}");
                    break;
                case OrthogonalLinear orthogonal when LipschitzActivation.IsSlopeRestricted(orthogonal.Sigma.Kind):
                    feeding = Mask(activations[next++]);
                    local = RowMasked(orthogonal.Weight(), feeding, norms, $"{index}");
                    break;
            }

            var factor = local is null ? null : local.clamp_max(global);
            product = (product, factor) switch
            {
                (null, null) => full([batch], global, device: device),
                (null, { } f) => f,
                ({ } p, null) => p * global,
                ({ } p, { } f) => p * f,
            };
        }

        return (product ?? ones([batch], device: device), feeding);
    }

    // max over the slope box of ||U S V||, U = sqrt2 A^T Psi, V = sqrt2 Psi^-1 B, estimated at a worst vertex (see SandwichSlopeNorms).
    private static Tensor Sandwich(SandwichLayer layer, NeuronBounds bounds, PowerIterationNorms norms)
    {
        var (a, b) = layer.Factors();
        var psi = layer.Psi();
        var outer = Math.Sqrt(2) * a.mT * psi.unsqueeze(0);
        var inner = Math.Sqrt(2) * b / psi.unsqueeze(1);
        return SandwichSlopeNorms.Bound(outer, inner, bounds, norms.Iterations);
    }

    // ||D W|| = sqrt(lambda_max(D W W^T D)).
    private static Tensor RowMasked(Tensor weight, Tensor mask, PowerIterationNorms norms, string key) =>
        norms.Norm(key, weight.matmul(weight.mT), mask);

    private static Tensor Mask(NeuronBounds bounds) => bounds.Varying.detach();
}
