using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>
/// What interval and l2 reasoning need from a circular convolution y = irfft2(M(f) rfft2(x)(f)) + b: its spatial kernel
/// k_{o,c} (impulse responses), the convolution with |k| (maps an interval radius to a sound output radius), the row norms
/// ||row_o|| = sqrt(sum_{c,p} k_{o,c}(p)^2), and the exact operator norm max_f sigma_max(k^(f)).
/// </summary>
internal sealed class CirculantBounds : IDisposable
{
    private readonly FrozenFourierConv conv;
    private readonly Tensor absoluteSpectrum;

    public CirculantBounds(FrozenFourierConv conv)
    {
        this.conv = conv;
        using var scope = NewDisposeScope();
        var inChannels = conv.Matrices.shape[2];
        var identity = eye(inChannels, dtype: ScalarType.Float64, device: conv.Matrices.device).reshape(inChannels, inChannels, 1, 1);
        var impulses = nn.functional.pad(identity, [0, conv.Size - 1, 0, conv.Size - 1]);

        // kernel[c, o, p] = (response of output o at pixel p to a unit impulse at pixel 0 of input c) = k_{o,c}(p).
        var kernel = Fourier.Apply(conv.Matrices, impulses);
        absoluteSpectrum = Fourier.Spectrum(kernel.abs()).DetachFromDisposeScope();
        RowNorms = kernel.square().sum([0, 2, 3]).sqrt().reshape(1, -1, 1, 1).DetachFromDisposeScope();
        OperatorNorm = linalg.svdvals(Fourier.Spectrum(kernel)).max().ToDouble() * (1 + FloatSlack.Interval);
    }

    /// <summary>||row_o|| per output channel, shaped [1, out, 1, 1].</summary>
    public Tensor RowNorms { get; }

    /// <summary>An upper bound on the operator's l2 norm.</summary>
    public double OperatorNorm { get; }

    /// <summary>The convolution itself, bias included.</summary>
    public Tensor Apply(Tensor x) => conv.call(x);

    /// <summary>The convolution with |k|, no bias: maps interval radii to output interval radii.</summary>
    public Tensor ApplyAbsolute(Tensor radius) => Fourier.Apply(absoluteSpectrum, radius);

    /// <summary>|b| shaped for broadcasting, or zero.</summary>
    public Tensor AbsoluteBias(Tensor like) =>
        conv.Bias is null ? zeros_like(like) : conv.Bias.abs().reshape(-1, 1, 1).expand_as(like);

    public void Dispose()
    {
        absoluteSpectrum.Dispose();
        RowNorms.Dispose();
    }
}
