using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Cli.Networks;

/// <summary>A plain TorchSharp MLP 784-190-190-128-10 with ReLUs and no Lipschitz bound, for comparison.</summary>
public sealed class MnistMlp : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Sequential layers;

    /// <summary>Creates the MLP with PyTorch's default initialisation, seeded when <paramref name="seed"/> is given.</summary>
    public MnistMlp(Device? device = null, ScalarType dtype = ScalarType.Float32, long? seed = null) : base(nameof(MnistMlp))
    {
        if (seed is { } value)
        {
            random.manual_seed(value);
        }

        layers = nn.Sequential(
            nn.Linear(784, 190, device: device, dtype: dtype), nn.ReLU(),
            nn.Linear(190, 190, device: device, dtype: dtype), nn.ReLU(),
            nn.Linear(190, 128, device: device, dtype: dtype), nn.ReLU(),
            nn.Linear(128, 10, device: device, dtype: dtype));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => layers.call(input);
}
