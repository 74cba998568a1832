using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>The Cayley factors of a weight-normalised weight (sandwich and orthogonal layers), shared by the training and the frozen path.</summary>
internal static class SandwichFactors
{
    /// <summary>[A | B] = Cayley(alpha W / ||W||_F): weight normalisation as in the reference implementation.</summary>
    public static Tensor[] Compute(Tensor weight, Tensor alpha)
    {
        var (a, b) = Cayley.Transform(alpha * weight / weight.norm());
        return [a, b];
    }

    /// <summary>The same factors in the factored form of the training path (see <see cref="CayleyInverse"/>).</summary>
    public static CayleyInverse Training(Tensor weight, Tensor alpha) => CayleyInverse.Of(alpha * weight / weight.norm());

    /// <summary><see cref="Compute"/> without gradient tracking, in <paramref name="precision"/> from the parameters converted to it.</summary>
    public static (Tensor A, Tensor B) ComputeDetached(Tensor weight, Tensor alpha, ScalarType precision)
    {
        using var _ = torch.no_grad();
        var ab = Compute(weight.detach().to_type(precision), alpha.detach().to_type(precision));
        return (ab[0], ab[1]);
    }
}
