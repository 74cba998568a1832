using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Per-frequency Cayley factors of weight-normalised kernels, shared by training and freezing.</summary>
internal static class ConvFactors
{
    /// <summary>[A(f) | B(f)] = Cayley(alpha K(f) / ||K||_F), K the shifted kernel spectrum [F, out, out + in].</summary>
    public static Tensor[] Sandwich(Tensor kernel, Tensor alpha, long size)
    {
        var spectrum = Fourier.KernelSpectrum(kernel, size);
        var (a, b) = Cayley.Transform(alpha * spectrum / spectrum.abs().square().sum().sqrt());
        return [a, b];
    }

    /// <summary>Semi-unitary per-frequency matrices [F, out, in]: Q(f) = [A | B](f), conjugate-transposed when the layer widens.</summary>
    public static Tensor Orthogonal(Tensor kernel, Tensor alpha, long size, bool narrowing)
    {
        var ab = Sandwich(kernel, alpha, size);
        var q = cat([ab[0], ab[1]], -1);
        return narrowing ? q : q.mH;
    }
}
