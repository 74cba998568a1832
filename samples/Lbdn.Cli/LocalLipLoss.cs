using Lbdn.Training;

namespace Lbdn.Cli;

/// <summary>
/// <c>--loss local-lip</c>: the Local-Lip objective (per-input local bounds of the network over the eps-ball, sparsity
/// loss on the clipped thresholds) for the dense Lipschitz networks of the catalog; its test loss is CE(z / 0.25).
/// </summary>
internal static class LocalLipLoss
{
    /// <summary>The name on the command line.</summary>
    public const string Name = "local-lip";

    /// <summary>The catalog networks it applies to: dense stages only (interval propagation has no convolutions).</summary>
    public static readonly string[] Networks = ["mnist-locallip", "mnist-sandwich-clipped", "mnist-sandwich"];

    /// <summary>The default --sparsity.</summary>
    public const double DefaultSparsity = 0.3;

    /// <summary>The objective's options for radius <paramref name="eps"/> and sparsity weight <paramref name="sparsity"/>.</summary>
    public static LocalLipOptions Options(double eps, double sparsity) => new() { Eps = eps, SparsityWeight = sparsity };

    /// <summary>
    /// Why the settings cannot train with local-lip, or null: an unsupported network, a --gamma other than the declared
    /// bound (the rescaled wrapper nests the network), a radius or weight out of range.
    /// </summary>
    public static string? Problem(string network, double? gamma, double? declared, double eps, double sparsity)
    {
        if (!Networks.Contains(network))
        {
            return $"--loss {Name} needs a dense Lipschitz network ({string.Join(", ", Networks)}), not '{network}'.";
        }

        if (gamma is { } g && g != declared)
        {
            return $"--loss {Name} trains the declared bound; drop --gamma.";
        }

        if (!(eps > 0) || !double.IsFinite(eps))
        {
            return $"--eps must be positive and finite, got {eps.ToString(System.Globalization.CultureInfo.InvariantCulture)}.";
        }

        return !(sparsity >= 0) || !double.IsFinite(sparsity)
            ? $"--sparsity must be non-negative and finite, got {sparsity.ToString(System.Globalization.CultureInfo.InvariantCulture)}."
            : null;
    }
}
