namespace Lbdn.Layers;

/// <summary>
/// Where a Fourier convolution actually runs. Stride 1: on the input. Stride 2: after space-to-depth, on 4 c_in channels
/// of (n/2) x (n/2) pixels, with the kernel shrunk to the largest odd size not above ceil(k/2) (the paper's k/2 rounded
/// down, kept odd so the kernel stays centred and every self-conjugate frequency gets a real matrix).
/// </summary>
internal readonly record struct ConvGeometry(long InChannels, long Size, long Kernel, long Stride, string Layer)
{
    public long WorkingChannels => Stride == 2 ? 4 * InChannels : InChannels;

    public long WorkingSize => Size / Stride;

    public long WorkingKernel => Stride == 2 ? (((Kernel + 1) / 2) - 1) | 1 : Kernel;

    public long Frequencies => WorkingSize * ((WorkingSize / 2) + 1);

    public void Validate()
    {
        LayerArguments.Positive(InChannels, nameof(InChannels));
        if (Size <= 0 || Size % 2 != 0)
        {
            throw new ArgumentException($"{Layer} needs square images of even size, got {Size} x {Size}; crop or pad the input.");
        }

        if (Stride is not (1 or 2))
        {
            throw new ArgumentException($"{Layer} supports stride 1 or 2, got {Stride}.");
        }

        if (Kernel <= 0 || Kernel % 2 == 0 || WorkingKernel > WorkingSize)
        {
            throw new ArgumentException($"{Layer} needs an odd kernel no larger than the working image ({WorkingSize}), got {Kernel}.");
        }
    }
}
