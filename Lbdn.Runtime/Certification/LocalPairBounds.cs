using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// Differentiable local pair bounds for Local-Lip training: with the varying masks of <see cref="IntervalPropagation"/>
/// (held fixed), K_i = ||D (w_y - w_i)|| prod_k L_k, L_k the local bound of stage k before the last affine one:
/// min(L_k^global, max over the slope box of ||U S V||) for stages with <see cref="IIntervalStage.Maps"/> h_out = U sigma(V h + b)
/// (at a worst vertex, <see cref="SandwichSlopeNorms"/>), min(L_k^global, ||P V||) for stages without U, the global
/// bound otherwise; D on the last differences is the mask of the activation
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
        var differences = PairDifferences.Of(weight, labels);
        if (feeding is not null)
        {
            differences = differences * feeding.to_type(differences.dtype).unsqueeze(1);
        }

        return (differences.square().sum(-1) + 1e-12).sqrt() * product.unsqueeze(1);
    }

    /// <summary>
    /// prod_k L_k over the first <paramref name="count"/> stages per sample, and the mask of the activation ending stage
    /// count - 1 when it feeds the next stage directly (a stage without an outer map), else null.
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
            var interval = stage as IIntervalStage;
            feeding = null;
            Tensor? factor = null;
            if (interval?.Maps() is { } maps)
            {
                var mask = activations[next].Varying.detach();
                factor = Local(maps, activations[next], norms, $"{index}").clamp_max(global);
                feeding = maps.Outer is null ? mask : null;
            }

            next += interval?.MaskedActivations ?? 0;
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

    // max over the slope box of ||U S V|| at a worst vertex; ||P V|| from the Gram matrix V V^T without U.
    private static Tensor Local(MaskedMaps maps, NeuronBounds bounds, PowerIterationNorms norms, string key)
    {
        var inner = maps.Inner;
        return maps.Outer is { } outer
            ? SandwichSlopeNorms.Bound(outer, inner, bounds, norms.Iterations)
            : norms.Norm(key, inner.matmul(inner.mT), bounds.Varying.detach());
    }
}
