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
    public BallState(Tensor centres, double eps, List<NeuronBounds>? collected, NormBound kind = NormBound.Exact)
    {
        Kind = kind;
        Value = centres;
        Lower = centres - eps;
        Upper = centres + eps;
        Varying = ones_like(centres);
        Radius = full([centres.shape[0]], eps, dtype: centres.dtype, device: centres.device);
        Collected = collected;
    }

    public Tensor Value { get; set; }

    public Tensor Lower { get; set; }

    public Tensor Upper { get; set; }

    /// <summary>1 where the coordinate may vary on the ball, 0 where it is constant.</summary>
    public Tensor Varying { get; set; }

    /// <summary>The l2 radius per sample, [batch]; stale while <see cref="Pending"/> is set.</summary>
    public Tensor Radius { get; set; }

    /// <summary>The affine step whose output radius is not yet computed, with its input mask, radius and box.</summary>
    public PendingAffine? Pending { get; set; }

    public List<NeuronBounds>? Collected { get; }

    /// <summary>Which masked-norm bound settles pending radii; only <see cref="NormBound.Lower"/> makes the radii unsound.</summary>
    public NormBound Kind { get; }

    /// <summary>Resolves a pending affine radius with the mask of its varying outputs (null: all may vary).</summary>
    public void Settle(Tensor? outputMask)
    {
        if (Pending is { } pending)
        {
            Radius = pending.Step.Norm.Bound(Kind, outputMask, pending.InputMask) * pending.InputRadius;
            Pending = null;
        }
    }

    /// <summary>Applies a coordinate permutation or reshape to every per-coordinate tensor.</summary>
    public void Rearrange(Func<Tensor, Tensor> rearrange)
    {
        Settle(null);
        (Value, Lower, Upper, Varying) = (rearrange(Value), rearrange(Lower), rearrange(Upper), rearrange(Varying));
    }
}

/// <summary>An affine step awaiting its output mask, with what it saw at its input.</summary>
internal sealed record PendingAffine(AffineBallStep Step, Tensor InputMask, Tensor InputRadius, Tensor InputLower, Tensor InputUpper);
