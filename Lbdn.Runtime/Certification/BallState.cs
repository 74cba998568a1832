using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// What is known about a batch of eps-balls after some steps: the exact image of each centre, a sound box containing the
/// image of the ball, which coordinates may vary on it, and a radius r with ||h(x') - h(x)|| &lt;= r for every x' in the ball.
/// An affine step leaves its radius pending until the next step says which of its outputs vary:
/// r = ||D_out W D_in|| r_in.
/// </summary>
internal sealed class BallState
{
    private Tensor lower = null!;
    private Tensor upper = null!;

    public BallState(Tensor centres, double eps, List<NeuronBounds>? collected, NormBound kind = NormBound.Exact)
    {
        Kind = kind;
        Value = centres;
        Lower = centres - eps;
        Upper = centres + eps;
        Varying = ones_like(centres);
        Radius = full([centres.shape[0]], eps, dtype: centres.dtype, device: centres.device);
        Collected = collected;
        BallBox = eps;
    }

    public Tensor Value { get; set; }

    /// <summary>Lower bounds of the box; setting it (or <see cref="Upper"/>) clears <see cref="BallBox"/>.</summary>
    public Tensor Lower
    {
        get => lower;
        set => (lower, BallBox) = (value, null);
    }

    public Tensor Upper
    {
        get => upper;
        set => (upper, BallBox) = (value, null);
    }

    /// <summary>
    /// r while the box is still the ball's own, Value -+ r with every coordinate varying (up to the rounding of Lower and
    /// Upper): from the input through scales and rearrangements only. Null once any other step has acted.
    /// </summary>
    public double? BallBox { get; set; }

    /// <summary>1 where the coordinate may vary on the ball, 0 where it is constant.</summary>
    public Tensor Varying { get; set; }

    /// <summary>The l2 radius per sample, [batch]; stale while <see cref="Pending"/> is set.</summary>
    public Tensor Radius { get; set; }

    /// <summary>The affine step whose output radius is not yet computed, with its input mask, radius and box.</summary>
    public PendingAffine? Pending { get; set; }

    public List<NeuronBounds>? Collected { get; }

    /// <summary>Which masked-norm bound settles pending radii; only <see cref="NormBound.Lower"/> makes the radii unsound.</summary>
    public NormBound Kind { get; }

    /// <summary>Every tensor the state refers to, the collected bounds included.</summary>
    public IEnumerable<Tensor> Held()
    {
        IEnumerable<Tensor> own = [Value, Lower, Upper, Varying, Radius];
        var pending = Pending is { } p ? [p.InputRadius, p.InputLower, p.InputUpper, .. p.InputMask is null ? [] : new[] { p.InputMask }] : Enumerable.Empty<Tensor>();
        var collected = Collected?.SelectMany(bounds => new[] { bounds.Lower, bounds.Upper, bounds.Varying }) ?? [];
        return own.Concat(pending).Concat(collected);
    }

    /// <summary>Resolves a pending affine radius with the mask of its varying outputs (null: all may vary).</summary>
    public void Settle(Tensor? outputMask)
    {
        if (Pending is { } pending)
        {
            Radius = outputMask is null && pending.InputMask is null
                ? pending.InputRadius * pending.Step.Norm.Whole
                : pending.Step.Norm.Bound(Kind, outputMask, pending.InputMask) * pending.InputRadius;
            Pending = null;
        }
    }

    /// <summary>Applies a coordinate permutation or reshape to every per-coordinate tensor.</summary>
    public void Rearrange(Func<Tensor, Tensor> rearrange)
    {
        Settle(null);
        var box = BallBox;
        (Value, Lower, Upper, Varying) = (rearrange(Value), rearrange(Lower), rearrange(Upper), rearrange(Varying));
        BallBox = box;
    }
}

/// <summary>An affine step awaiting its output mask, with what it saw at its input (a null mask: every input may vary).</summary>
internal sealed record PendingAffine(AffineBallStep Step, Tensor? InputMask, Tensor InputRadius, Tensor InputLower, Tensor InputUpper);
