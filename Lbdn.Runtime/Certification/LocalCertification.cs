namespace Lbdn.Certification;

/// <summary>The local certificates of a batch at one radius.</summary>
/// <param name="Certified">True where the prediction provably cannot change within the ball.</param>
/// <param name="Predicted">The predicted class argmax z of each centre (float64 forward pass).</param>
/// <param name="LocalBound">
/// A proven Lipschitz bound of the network on each ball (||f(x') - f(x)|| &lt;= LocalBound ||x' - x||), never above the global bound:
/// from the exact masked norms where the decision needed them, from cheaper proven upper bounds on them elsewhere.
/// </param>
/// <param name="StableFraction">
/// The fraction of ReLU and clipped-ReLU neurons (over all samples) proven constant on their ball by the propagation with
/// the cheap norm bounds; the exact propagation, run only where a decision needs it, can prove a few more.
/// </param>
public sealed record LocalCertification(bool[] Certified, long[] Predicted, double[] LocalBound, double StableFraction);
