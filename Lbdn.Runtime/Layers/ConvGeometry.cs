using Lbdn.Rules;

namespace Lbdn.Layers;

/// <summary>
/// Where a Fourier convolution actually runs, by the rules stated once in Lbdn.Dsl's <see cref="ConvolutionRules"/>
/// (which the generator's verification calls too): stride 1 on the input, stride 2 after space-to-depth with the kernel shrunk.
/// </summary>
internal readonly record struct ConvGeometry(long InChannels, long Size, long Kernel, long Stride, string Layer)
{
    public long WorkingChannels => ConvolutionRules.WorkingChannels(InChannels, Stride);

    public long WorkingSize => ConvolutionRules.WorkingSize(Size, Stride);

    public long WorkingKernel => ConvolutionRules.WorkingKernel(Kernel, Stride);

    public long Frequencies => WorkingSize * ((WorkingSize / 2) + 1);

    public void Validate()
    {
        LayerArguments.Positive(InChannels, nameof(InChannels));
        if (!ConvolutionRules.IsValidSize(Size))
        {
            throw new ArgumentException($"{Layer} needs square images of even size, got {Size} x {Size}; crop or pad the input.");
        }

        if (!ConvolutionRules.IsValidStride(Stride))
        {
            throw new ArgumentException($"{Layer} supports stride 1 or 2, got {Stride}.");
        }

        if (!ConvolutionRules.IsValidKernel(Kernel) || !ConvolutionRules.KernelFits(Kernel, Stride, Size))
        {
            throw new ArgumentException($"{Layer} needs an odd kernel no larger than the working image ({WorkingSize}), got {Kernel}.");
        }
    }
}
