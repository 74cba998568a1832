using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn;

/// <summary>A module that can be turned into an explicit-weight inference copy computing the same function.</summary>
public interface IFreezable
{
    /// <summary>An inference module of explicit weights, detached from the parameters, equal to this module's current function.</summary>
    nn.Module<Tensor, Tensor> Freeze();
}
