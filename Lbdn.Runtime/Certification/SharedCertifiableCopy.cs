using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// The certified copy of one live network, rebuilt only when a parameter or buffer of its stages changed value. A copy
/// that was replaced is left to the garbage collector, since a caller may still be using it.
/// </summary>
internal sealed class SharedCertifiableCopy
{
    private readonly object gate = new();
    private ParameterSnapshot? snapshot;
    private CertifiableNetwork? copy;

    public CertifiableNetwork Current(ILipschitzNetwork network)
    {
        lock (gate)
        {
            var state = network.Stages.SelectMany(stage => stage.parameters().Concat(stage.buffers())).ToList();
            if (copy is not null && snapshot is not null && snapshot.Matches(state))
            {
                return copy;
            }

            snapshot?.Dispose();
            snapshot = new ParameterSnapshot(state);
            copy = CertifiableNetwork.From(network);
            return copy;
        }
    }
}
