using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// Holds a parameter-derived transform (e.g. the Cayley factors). In training mode it is recomputed on every call, so it
/// is never one update stale; in eval mode it is computed once per parameter version, detected by comparing the
/// parameters with a snapshot of their values (loading a state_dict or an optimiser step both invalidate it).
/// </summary>
internal sealed class TransformCache : IDisposable
{
    private readonly Func<Tensor[]> compute;
    private readonly Func<Tensor[]> computeForTraining;
    private readonly Func<IReadOnlyList<Tensor>> parameters;
    private ParameterSnapshot? snapshot;
    private Tensor[]? cached;

    /// <summary>
    /// <paramref name="compute"/> gives the transform for eval mode and freezing; <paramref name="computeForTraining"/>
    /// (default: the same) the differentiable one of training mode, which may trade the last bits of accuracy for speed.
    /// </summary>
    public TransformCache(Func<IReadOnlyList<Tensor>> parameters, Func<Tensor[]> compute, Func<Tensor[]>? computeForTraining = null)
    {
        this.parameters = parameters;
        this.compute = compute;
        this.computeForTraining = computeForTraining ?? compute;
    }

    /// <summary>The transform of the current parameters; differentiable when <paramref name="training"/> is true.</summary>
    public Tensor[] Get(bool training)
    {
        if (training)
        {
            Invalidate();
            return computeForTraining();
        }

        var current = parameters();
        if (cached is not null && snapshot is not null && snapshot.Matches(current))
        {
            return cached;
        }

        Invalidate();
        using (torch.no_grad())
        {
            snapshot = new ParameterSnapshot(current);
            cached = [.. compute().Select(t => t.detach().DetachFromDisposeScope())];
        }

        return cached;
    }

    /// <summary>Drops the cached transform.</summary>
    public void Invalidate()
    {
        snapshot?.Dispose();
        foreach (var tensor in cached ?? [])
        {
            tensor.Dispose();
        }

        snapshot = null;
        cached = null;
    }

    public void Dispose() => Invalidate();
}
