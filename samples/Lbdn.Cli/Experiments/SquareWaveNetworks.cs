using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Cli.Experiments;

/// <summary>The layer kinds of the toy comparison (LBDN Table 1).</summary>
public enum SquareWaveLayer
{
    /// <summary>Sandwich layers with ReLU, a sandwich-linear output layer.</summary>
    Sandwich,
    /// <summary>Orthogonal (Cayley) layers with ReLU, as the reference's OrthogonFc; an orthogonal linear output layer.</summary>
    Orthogonal,
    /// <summary>Almost-orthogonal layers with ReLU; an AOL linear output layer.</summary>
    Aol,
    /// <summary>SLL residual layers with ReLU between a 1 -&gt; width and a width -&gt; 1 AOL linear map.</summary>
    Sll,
}

/// <summary>The 1-Lipschitz body of the toy network for each <see cref="SquareWaveLayer"/>, in float64.</summary>
internal static class SquareWaveNetworks
{
    /// <summary>
    /// <paramref name="depth"/> hidden layers of <paramref name="width"/> from 1 input to 1 output, bound 1. SLL layers keep
    /// their width, so a linear AOL map embeds the input (a single column rescaled to norm 1: an isometry) and reads out the output.
    /// </summary>
    public static IEnumerable<nn.Module<Tensor, Tensor>> Hidden(SquareWaveLayer layer, int depth, int width)
    {
        const ScalarType F64 = ScalarType.Float64;
        var widths = Enumerable.Range(0, depth).Select(k => (In: k == 0 ? 1L : width, Out: (long)width)).ToList();
        return layer switch
        {
            SquareWaveLayer.Sandwich => [.. widths.Select(w => new SandwichLayer(w.In, w.Out, Activation.ReLU, dtype: F64)), new SandwichLinear(width, 1, dtype: F64)],
            SquareWaveLayer.Orthogonal => [.. widths.Select(w => new OrthogonalLinear(w.In, w.Out, Activation.ReLU, dtype: F64)), new OrthogonalLinear(width, 1, Activation.Identity, dtype: F64)],
            SquareWaveLayer.Aol => [.. widths.Select(w => new AolLinear(w.In, w.Out, Activation.ReLU, dtype: F64)), new AolLinear(width, 1, Activation.Identity, dtype: F64)],
            SquareWaveLayer.Sll =>
            [
                new AolLinear(1, width, Activation.Identity, dtype: F64),
                .. widths.Select(_ => new SllLinear(width, width, Activation.ReLU, dtype: F64)),
                new AolLinear(width, 1, Activation.Identity, dtype: F64),
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(layer), layer, "Unknown toy layer kind."),
        };
    }
}
