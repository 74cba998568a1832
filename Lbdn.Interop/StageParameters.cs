using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>An Lbdn stage's parameters by their state_dict names.</summary>
internal static class StageParameters
{
    /// <summary>The parameters of <paramref name="stage"/>, detached, by name.</summary>
    public static Dictionary<string, Tensor> Of(nn.Module<Tensor, Tensor> stage) =>
        stage.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach());

    /// <summary>The shape of parameter <paramref name="name"/> of <paramref name="stage"/>.</summary>
    public static long[] Shape(nn.Module<Tensor, Tensor> stage, string name) =>
        stage.named_parameters().First(p => p.name == name).parameter.shape;
}
