using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>Clipped-ReLU thresholds of a whole module.</summary>
public static class Thresholds
{
    /// <summary>Projects every clipped-ReLU threshold in <paramref name="module"/> onto theta &gt;= 0; call after each optimiser step.</summary>
    public static void Project(nn.Module module)
    {
        foreach (var activation in module.modules().Prepend(module).Distinct().OfType<LipschitzActivation>())
        {
            activation.ProjectThreshold();
        }
    }
}
