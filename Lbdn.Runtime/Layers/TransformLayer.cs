using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>
/// Base of the layers whose effective weights are a transform of their parameters (Cayley factors, capped weights):
/// recomputed on every call in training mode, cached per parameter version in eval mode (see <see cref="TransformCache"/>).
/// </summary>
public abstract class TransformLayer : nn.Module<Tensor, Tensor>
{
    private TransformCache? cache;

    /// <summary>Creates the module named <paramref name="name"/>; the derived constructor calls <see cref="CacheTransform"/>.</summary>
    protected TransformLayer(string name) : base(name)
    {
    }

    /// <summary>
    /// Declares the transform: <paramref name="compute"/> from the values of <paramref name="parameters"/>, and optionally
    /// a faster differentiable <paramref name="computeForTraining"/> of the same function for training mode.
    /// </summary>
    protected void CacheTransform(Func<IReadOnlyList<Tensor>> parameters, Func<Tensor[]> compute, Func<Tensor[]>? computeForTraining = null) =>
        cache = new TransformCache(parameters, compute, computeForTraining);

    /// <summary>The transform of the current parameters; differentiable in training mode.</summary>
    protected Tensor[] Transform() =>
        (cache ?? throw new InvalidOperationException($"{GetName()} did not declare its transform.")).Get(training);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            cache?.Dispose();
        }

        base.Dispose(disposing);
    }
}
