namespace Lbdn.Certification;

/// <summary>The local-bound rules a stage can answer with.</summary>
public static class LocalBounds
{
    /// <summary>The global bound, for a stage with <paramref name="activations"/> activations whose masks it does not use.</summary>
    public static ILocalBound Global(int activations) => new GlobalLocalBound(activations);

    /// <summary>min(global, ||U P|| ||P V||) for a stage with one elementwise activation (see <see cref="MaskedMaps"/>).</summary>
    /// <param name="maps">V and U, copied.</param>
    /// <param name="global">The stage's proven global bound.</param>
    public static ILocalBound Masked(MaskedMaps maps, double global) => new MaskedLocalBound(maps, global);
}
