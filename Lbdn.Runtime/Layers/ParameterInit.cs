using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Eager parameter creation with PyTorch's default Linear initialisation.</summary>
internal static class ParameterInit
{
    /// <summary>U(-1/sqrt(fanIn), 1/sqrt(fanIn)) of the given shape: PyTorch's nn.Linear default for weights and biases.</summary>
    public static Parameter Uniform(long[] shape, long fanIn, Device? device, ScalarType dtype)
    {
        var bound = 1.0 / Math.Sqrt(Math.Max(fanIn, 1));
        using var data = torch.empty(shape, dtype: dtype, device: device).uniform_(-bound, bound);
        return Owned(new Parameter(data.clone()));
    }

    /// <summary>A parameter filled with <paramref name="value"/>.</summary>
    public static Parameter Filled(long[] shape, double value, Device? device, ScalarType dtype)
    {
        return Owned(new Parameter(torch.full(shape, value, dtype: dtype, device: device)));
    }

    /// <summary>The Frobenius norm of <paramref name="weight"/> as a scalar parameter: the weight-normalisation scale alpha.</summary>
    public static Parameter FrobeniusScale(Parameter weight)
    {
        using var _ = torch.no_grad();
        return Owned(new Parameter(weight.norm().detach().clone()));
    }

    /// <summary>The Frobenius norm of the shifted kernel spectrum on <paramref name="size"/> x <paramref name="size"/> images: alpha of a Fourier convolution.</summary>
    public static Parameter SpectralScale(Parameter kernel, long size)
    {
        using var _ = torch.no_grad();
        using var spectrum = Fourier.KernelSpectrum(kernel, size);
        return Owned(new Parameter(spectrum.abs().square().sum().sqrt().detach().clone()));
    }

    // Parameters belong to their module, never to a dispose scope the constructor happens to run in.
    private static Parameter Owned(Parameter parameter)
    {
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
