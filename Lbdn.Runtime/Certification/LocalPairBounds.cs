using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Differentiable local pair bounds for Local-Lip training of dense networks: with the varying masks of
/// <see cref="IntervalPropagation"/> (held fixed), K_i = ||w_y - w_i|| prod_k L_k, L_k the local bound of stage k before the
/// last affine one: min(1, ||sqrt2 A^T Psi P|| ||P sqrt2 Psi^-1 B||) for sandwich layers, min(c, ||D W||) for dense and
/// orthogonal layers with elementwise activations, the global bound otherwise. Spectral norms come from batched SVDs, so
/// gradients reach the weights. For training only; certificates come from <see cref="LocalCertificate"/>.
/// </summary>
public static class LocalPairBounds
{
    /// <summary>K [batch, classes] for <paramref name="inputs"/> with labels y at radius <paramref name="eps"/>.</summary>
    /// <exception cref="NotSupportedException">The network does not end in an affine stage, or has stages interval propagation cannot handle.</exception>
    public static Tensor Compute(ILipschitzNetwork network, Tensor inputs, Tensor labels, double eps)
    {
        var (lastIndex, lastWeight, scale) = LastAffine.Find(network)
            ?? throw new NotSupportedException("Local pair bounds need a network ending in an affine stage (sandwich output, or dense/orthogonal with identity).");
        var weight = lastWeight * scale;
        var activations = IntervalPropagation.PreActivationBounds(network, inputs, eps);
        var next = 0;
        var product = ones([inputs.shape[0]], dtype: weight.dtype, device: weight.device);
        foreach (var stage in network.Stages.Take(lastIndex))
        {
            var global = ((ILipschitzModule)stage).LipschitzBound;
            var local = stage switch
            {
                SandwichLayer sandwich => Sandwich(sandwich, Mask(activations[next++], weight)),
                DenseLayer dense when LipschitzActivation.IsSlopeRestricted(dense.Sigma.Kind) => RowMasked(dense.Weight(), Mask(activations[next++], weight)),
                OrthogonalLinear orthogonal when LipschitzActivation.IsSlopeRestricted(orthogonal.Sigma.Kind) => RowMasked(orthogonal.Weight(), Mask(activations[next++], weight)),
                _ => null,
            };
            product = local is null ? product * global : product * local.clamp_max(global);
        }

        // ||w_y - w_i||, with sqrt(. + tiny) so the i = y entry has a finite gradient.
        var differences = weight.index_select(0, labels).unsqueeze(1) - weight.unsqueeze(0);
        return (differences.square().sum(-1) + 1e-12).sqrt() * product.unsqueeze(1);
    }

    // ||sqrt2 A^T Psi P|| ||P sqrt2 Psi^-1 B||.
    private static Tensor Sandwich(SandwichLayer layer, Tensor mask)
    {
        var (a, b) = layer.Factors();
        var psi = layer.Psi();
        var outer = Math.Sqrt(2) * a.mT * psi.unsqueeze(0);
        var inner = Math.Sqrt(2) * b / psi.unsqueeze(1);
        return linalg.svdvals(outer.unsqueeze(0) * mask.unsqueeze(1))[.., 0] * RowMasked(inner, mask);
    }

    // ||D W||.
    private static Tensor RowMasked(Tensor weight, Tensor mask) => linalg.svdvals(mask.unsqueeze(2) * weight.unsqueeze(0))[.., 0];

    private static Tensor Mask(NeuronBounds bounds, Tensor like) => bounds.Varying.to_type(like.dtype).detach();
}
