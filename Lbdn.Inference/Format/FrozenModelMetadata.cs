namespace Lbdn.Inference;

/// <summary>What a frozen-model file says about its network, besides the weights (see docs/model-format.md).</summary>
/// <param name="Name">The declaration's name, e.g. MnistSandwich.</param>
/// <param name="LipschitzBound">The proven l2 Lipschitz bound L of the whole network.</param>
/// <param name="Gamma">The gamma the network was declared or trained with.</param>
/// <param name="InputShape">The input shape without the batch dimension.</param>
/// <param name="OutputCount">The number of logits.</param>
/// <param name="Layers">The fused inference steps in order.</param>
/// <param name="PenultimateBound">
/// The proven bound of everything before the last affine stage, when the network ends in one: with the tensor
/// <c>certificate.last_weight</c> it enables the per-pair rule z_y - z_i &gt; eps L_penultimate ||w_y - w_i||.
/// </param>
/// <param name="Certification">The certification table the model was shipped with, if any.</param>
public sealed record FrozenModelMetadata(
    string Name,
    double LipschitzBound,
    double Gamma,
    int[] InputShape,
    int OutputCount,
    IReadOnlyList<FrozenLayer> Layers,
    double? PenultimateBound = null,
    CertificationTable? Certification = null);

/// <summary>One fused inference step; its tensors are named <c>steps.{index}.{tensor}.{f64|f32}</c>.</summary>
/// <param name="Kind">One of the constants of <see cref="FrozenLayerKinds"/>.</param>
/// <param name="InputShape">The step's input shape without the batch dimension.</param>
/// <param name="OutputShape">The step's output shape without the batch dimension.</param>
/// <param name="Activation">For activations: ReLU, Tanh, Sigmoid, LeakyReLU, Identity, ClippedReLU, MaxMin or GroupSort.</param>
/// <param name="Dim">For activations: -1 over the neurons of a vector, 1 over the channels of an image.</param>
/// <param name="Factor">For scales: the constant c of y = c x.</param>
/// <param name="Kernel">For average pooling: the window k; for zero-padded convolutions and SLL convolutions: the odd kernel size k.</param>
/// <param name="HasBias">For linear maps and convolutions: whether a bias tensor is stored.</param>
/// <param name="NormBound">For zero-padded convolutions: the proven bound on ||conv(., K)|| that the layer which froze it proved.</param>
public sealed record FrozenLayer(
    string Kind,
    int[] InputShape,
    int[] OutputShape,
    string? Activation = null,
    int? Dim = null,
    double? Factor = null,
    int? Kernel = null,
    bool? HasBias = null,
    double? NormBound = null);

/// <summary>The step kinds of a frozen-model file.</summary>
public static class FrozenLayerKinds
{
    /// <summary>y = W x + b; tensors <c>weight</c> [out, in] and optionally <c>bias</c> [out].</summary>
    public const string Linear = "linear";

    /// <summary>
    /// Circular convolution y = irfft2(M(f) rfft2(x)(f)) + b on n x n images; tensors <c>matrices</c> [n (n/2 + 1), out, in, 2]
    /// (real and imaginary parts, frequency-major as rfft2 orders them) and optionally <c>bias</c> [out].
    /// </summary>
    public const string FourierConv = "fourier_conv";

    /// <summary>
    /// Zero-padded stride-1 convolution y = conv(x, K) + b on [in, h, w] images (padding (k - 1) / 2, any h and w); tensors
    /// <c>kernel</c> [out, in, k, k] and optionally <c>bias</c> [out]; <c>norm_bound</c> is the proven bound on its linear part.
    /// </summary>
    public const string Conv = "conv";

    /// <summary>
    /// The SDP-based Lipschitz residual y = x + U sigma(V x + b) (V = W^T, U = -2 W T^-1) on vectors; tensors <c>inner</c> V
    /// [inner, features], <c>bias</c> [inner], <c>outer</c> U [features, inner], and <c>threshold</c> [inner] for a clipped ReLU.
    /// </summary>
    public const string Sll = "sll";

    /// <summary>
    /// The SDP-based Lipschitz residual y = x + conv(sigma(conv(x, V) + b), U) on [channels, h, w] images, both convolutions
    /// zero-padded stride 1; tensors <c>inner</c> V [inner, channels, k, k], <c>bias</c> [inner], <c>outer</c> U
    /// [channels, inner, k, k] (V's adjoint: channels swapped, taps flipped, neuron channel i scaled by -2 / T_i), and
    /// <c>threshold</c> for a clipped ReLU.
    /// </summary>
    public const string SllConv = "sll_conv";

    /// <summary>An elementwise or sorting activation; clipped ReLU stores <c>threshold</c> [neurons] or [neurons, 1, 1].</summary>
    public const string Activation = "activation";

    /// <summary>y = c x.</summary>
    public const string Scale = "scale";

    /// <summary>[c, h, w] to [c h w].</summary>
    public const string Flatten = "flatten";

    /// <summary>Non-overlapping k x k average pooling.</summary>
    public const string AvgPool = "avg_pool";

    /// <summary>2 x 2 blocks into channels: [c, n, n] to [4 c, n/2, n/2] (pixel_unshuffle).</summary>
    public const string SpaceToDepth = "space_to_depth";
}

/// <summary>The certification table a model was shipped with: what <c>lbdn certify</c> measured.</summary>
/// <param name="Dataset">The data set's name, e.g. mnist.</param>
/// <param name="DatasetSha256">The lower-case hexadecimal SHA-256 of the test images file.</param>
/// <param name="Rows">One row per radius.</param>
public sealed record CertificationTable(string Dataset, string DatasetSha256, IReadOnlyList<CertificationRow> Rows);

/// <summary>What the network achieved at one l2 radius (fractions of the test set).</summary>
/// <param name="Radius">The radius eps.</param>
/// <param name="CleanAccuracy">Predicted correctly.</param>
/// <param name="CertifiedGlobal">Correct and certified by the global bound.</param>
/// <param name="CertifiedLocal">Correct and certified by the local bound.</param>
/// <param name="PgdAccuracy">Correct under the PGD attack (an upper bound on robust accuracy).</param>
public sealed record CertificationRow(double Radius, double CleanAccuracy, double CertifiedGlobal, double CertifiedLocal, double PgdAccuracy);
