using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>The Cayley factors a frozen layer was built from, recovered from its explicit weights in float64 (complex128).</summary>
internal static class CayleyFactorsOf
{
    /// <summary>
    /// [A | B] of a frozen sandwich layer (from W_in = sqrt2 Psi^-1 B and W_out = sqrt2 A^H Psi, with the Psi the freeze used),
    /// or the wide orientation of a frozen orthogonal layer's semi-unitary Q; batched over frequencies for convolutions.
    /// </summary>
    public static Tensor Wide(nn.Module<Tensor, Tensor> frozen, nn.Module<Tensor, Tensor> layer, ScalarType precision)
    {
        var maps = ((FrozenSequence)frozen).Steps
            .Select(step => step switch { FrozenLinear linear => linear.Weight, FrozenFourierConv conv => conv.Matrices, _ => null })
            .OfType<Tensor>()
            .Select(Widened)
            .ToList();
        if (maps.Count == 1)
        {
            return maps[0].shape[^2] <= maps[0].shape[^1] ? maps[0] : maps[0].mH;
        }

        var psi = layer.named_parameters().Single(p => p.name == "psi").parameter.detach().to_type(precision).exp().to_type(ScalarType.Float64);
        var b = maps[0] * psi.unsqueeze(1) / Math.Sqrt(2);
        var a = (maps[1] / psi.unsqueeze(0) / Math.Sqrt(2)).mH;
        return cat([a, b], -1);
    }

    /// <summary>max over the batch of ||Q Q^H - I||_2, computed in float64.</summary>
    public static double Defect(Tensor wide)
    {
        using var scope = NewDisposeScope();
        var gram = wide.matmul(wide.mH) - eye(wide.shape[^2], dtype: wide.dtype);
        return linalg.matrix_norm(gram, 2).max().ToDouble();
    }

    private static Tensor Widened(Tensor weight) =>
        weight.to_type(weight.is_complex() ? ScalarType.ComplexFloat64 : ScalarType.Float64);
}
