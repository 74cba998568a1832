using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// The fixed re-arrangement between the parameters of one kind of Lbdn layer and those of the reference module computing the
/// same function. Both directions are exact (permutations, transposes and zero embeddings), so a round trip is bit-equal.
/// </summary>
internal interface IReferenceMapping
{
    /// <summary>True when this mapping places parameters on <paramref name="stage"/>.</summary>
    bool Handles(nn.Module<Tensor, Tensor> stage);

    /// <summary>The reference module equivalent to <paramref name="stage"/>; throws when the stage has no equivalent.</summary>
    ReferenceLayout Layout(nn.Module<Tensor, Tensor> stage);

    /// <summary>The stage's parameters (by their Lbdn names) from the reference ones (by their reference names, shapes checked).</summary>
    Dictionary<string, Tensor> ToLbdn(nn.Module<Tensor, Tensor> stage, IReadOnlyDictionary<string, Tensor> reference);

    /// <summary>The reference parameters (by their reference names) from the stage's current parameters.</summary>
    Dictionary<string, Tensor> ToReference(nn.Module<Tensor, Tensor> stage);
}
