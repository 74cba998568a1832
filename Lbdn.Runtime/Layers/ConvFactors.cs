using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Per-frequency Cayley factors of weight-normalised kernels, shared by training and freezing.</summary>
internal static class ConvFactors
{
    /// <summary>[A(f) | B(f)] = Cayley(alpha K(f) / ||K||_F), K the shifted kernel spectrum [F, out, out + in].</summary>
    public static Tensor[] Sandwich(Tensor kernel, Tensor alpha, long size)
    {
        var (a, b) = Cayley.Transform(Normalised(kernel, alpha, size));
        return [a, b];
    }

    /// <summary>The same factors through one batched inverse per frequency (see <see cref="CayleyInverse"/>), for training.</summary>
    public static Tensor[] SandwichForTraining(Tensor kernel, Tensor alpha, long size) =>
        CayleyInverse.Of(Normalised(kernel, alpha, size)).Factors();

    /// <summary>Semi-unitary per-frequency matrices [F, out, in]: Q(f) = [A | B](f), conjugate-transposed when the layer widens.</summary>
    public static Tensor Orthogonal(Tensor kernel, Tensor alpha, long size, bool narrowing) =>
        Semiunitary(Sandwich(kernel, alpha, size), narrowing);

    /// <summary><see cref="Orthogonal"/> through <see cref="SandwichForTraining"/>.</summary>
    public static Tensor OrthogonalForTraining(Tensor kernel, Tensor alpha, long size, bool narrowing) =>
        Semiunitary(SandwichForTraining(kernel, alpha, size), narrowing);

    private static Tensor Semiunitary(Tensor[] ab, bool narrowing)
    {
        var q = cat([ab[0], ab[1]], -1);
        return narrowing ? q : q.mH;
    }

    // alpha K / ||K||_F over all frequencies.
    private static Tensor Normalised(Tensor kernel, Tensor alpha, long size)
    {
        var spectrum = Fourier.KernelSpectrum(kernel, size);
        return alpha * spectrum / spectrum.abs().square().sum().sqrt();
    }
}
