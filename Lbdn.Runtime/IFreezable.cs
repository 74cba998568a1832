using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn;

/// <summary>A module that can be turned into an explicit-weight inference copy computing the same function.</summary>
public interface IFreezable
{
    /// <summary>An inference module of explicit weights, detached from the parameters, equal to this module's current function; computed in the module's own precision.</summary>
    nn.Module<Tensor, Tensor> Freeze();

    /// <summary>
    /// The explicit-weight copy computed in <paramref name="precision"/>: the parameters are converted to
    /// <paramref name="precision"/> first (exactly, when it is at least as wide as theirs), every transform (Cayley factors,
    /// capped weights, Fourier matrices) is evaluated in it, and the returned module holds its weights in it (complex
    /// weights in the matching complex type). Float64 makes the copy the float64 evaluation of the parameterised module,
    /// whose proven bound then holds up to float64 rounding.
    /// </summary>
    /// <param name="precision">Float32 or Float64.</param>
    /// <exception cref="ArgumentException"><paramref name="precision"/> is neither Float32 nor Float64.</exception>
    nn.Module<Tensor, Tensor> Freeze(ScalarType precision);
}
