using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// A mapping whose Lbdn layer can compute another function than the reference module holding the same parameters (the
/// reference formula differs from Lbdn's proven one). It says what differs and evaluates the reference's own formula, so an
/// import still verifies every placement on the check batch and measures how far Lbdn's layer lies from the reference's.
/// </summary>
internal interface IApproximateMapping
{
    /// <summary>One clause saying what the reference computes differently from <paramref name="stage"/>.</summary>
    string Difference(nn.Module<Tensor, Tensor> stage);

    /// <summary>True when the exported reference module computes Lbdn's function after all (its constructor arguments select Lbdn's formula).</summary>
    bool ExportsExactly { get; }

    /// <summary>The reference module's eval-mode output on <paramref name="input"/> from the parameters <paramref name="stage"/> holds.</summary>
    Tensor ReferenceForward(nn.Module<Tensor, Tensor> stage, Tensor input);
}
