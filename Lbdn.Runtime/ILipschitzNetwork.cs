using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn;

/// <summary>A network composed of Lipschitz stages, run in order.</summary>
public interface ILipschitzNetwork : ILipschitzModule
{
    /// <summary>The modules in forward order, scaling stages included.</summary>
    IReadOnlyList<nn.Module<Tensor, Tensor>> Stages { get; }

    /// <summary>The input shape without the batch dimension.</summary>
    long[] InputShape { get; }
}
