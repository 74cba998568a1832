using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Cli.Networks;

/// <summary>A network the CLI can train, by name.</summary>
/// <param name="Name">The name on the command line.</param>
/// <param name="Summary">One line for listings.</param>
/// <param name="InputShape">The input shape without the batch dimension: [784] (flat) or [1, 28, 28] (image).</param>
/// <param name="DeclaredBound">The generated <c>LipschitzBound</c> constant, or null for a network without a bound.</param>
/// <param name="Create">Creates the network with fresh parameters on (device, dtype, seed).</param>
internal sealed record NetworkEntry(
    string Name, string Summary, long[] InputShape, double? DeclaredBound, Func<Device?, ScalarType, long?, nn.Module<Tensor, Tensor>> Create)
{
    /// <summary>True when the network takes flat vectors of 784 pixels, false for 1x28x28 images.</summary>
    public bool Flat => InputShape.Length == 1;

    /// <summary>
    /// The network with bound <paramref name="gamma"/>: the generated one when gamma is null or the declared bound, otherwise
    /// the generated one followed by <c>LipschitzScale(gamma / declared)</c> in a <see cref="LipschitzSequential"/>, whose bound
    /// is declared * gamma / declared = gamma exactly (the same scale on the output the generator would inject).
    /// </summary>
    /// <exception cref="ArgumentException">A gamma for a network without a bound.</exception>
    public nn.Module<Tensor, Tensor> Build(double? gamma, long seed)
    {
        var network = Create(null, ScalarType.Float32, seed);
        if (gamma is not { } target || target == DeclaredBound)
        {
            return network;
        }

        if (DeclaredBound is not { } declared)
        {
            throw new ArgumentException($"Network '{Name}' has no Lipschitz bound, so --gamma does not apply to it.");
        }

        return new LipschitzSequential(InputShape, network, new LipschitzScale(target / declared));
    }
}

/// <summary>The networks of the CLI by name.</summary>
internal static class NetworkCatalog
{
    /// <summary>All networks, in listing order.</summary>
    public static IReadOnlyList<NetworkEntry> All { get; } =
    [
        new("mnist-sandwich", "LBDN sandwich 784-190-190-128-10", [784], MnistSandwich.LipschitzBound,
            (device, dtype, seed) => new MnistSandwich(device, dtype, seed)),
        new("mnist-locallip", "Local-Lip style dense 784-190-190-128-10, clipped ReLU", [784], MnistLocalLip.LipschitzBound,
            (device, dtype, seed) => new MnistLocalLip(device, dtype, seed)),
        new("mnist-sandwich-clipped", "sandwich 784-190-190-128-10, clipped ReLU (for Local-Lip training)", [784], MnistSandwichClipped.LipschitzBound,
            (device, dtype, seed) => new MnistSandwichClipped(device, dtype, seed)),
        new("mnist-conv", "sandwich conv 16 (stride 2), sandwich 256, output 10", [1, 28, 28], MnistConv.LipschitzBound,
            (device, dtype, seed) => new MnistConv(device, dtype, seed)),
        new("mnist-aol", "AOL baseline 784-190-190-128-10", [784], MnistAol.LipschitzBound,
            (device, dtype, seed) => new MnistAol(device, dtype, seed)),
        new("mnist-sll", "SLL baseline: AOL map 784-190, SLL 190 (190, 190, 128 neurons), AOL map 10", [784], MnistSll.LipschitzBound,
            (device, dtype, seed) => new MnistSll(device, dtype, seed)),
        new("mnist-sll-conv", "AOL conv 8, avg pool 2, SLL conv (16 neuron channels), AOL map 10", [1, 28, 28], MnistSllConv.LipschitzBound,
            (device, dtype, seed) => new MnistSllConv(device, dtype, seed)),
        new("mnist-mlp", "plain MLP 784-190-190-128-10, no bound", [784], null,
            (device, dtype, seed) => new MnistMlp(device, dtype, seed)),
    ];

    /// <summary>The valid names, for error messages.</summary>
    public static string Names => string.Join(", ", All.Select(n => n.Name));

    /// <summary>The entry named <paramref name="name"/>, or null.</summary>
    public static NetworkEntry? Find(string name) => All.FirstOrDefault(n => n.Name == name);

    /// <summary>
    /// The explicit-weight inference copy of a Lipschitz network: for a generated network exactly its <c>Freeze()</c>
    /// (FrozenNetwork.From over its stages); a gamma-rescaled wrapper freezes the generated network as one stage, and the
    /// scale fuses into its last matrix.
    /// </summary>
    /// <exception cref="ArgumentException">The module has no Lipschitz bound.</exception>
    public static FrozenNetwork Freeze(nn.Module<Tensor, Tensor> module) => module switch
    {
        ILipschitzNetwork network => FrozenNetwork.From(network),
        _ => throw new ArgumentException($"{module.GetType().Name} has no proven Lipschitz bound and cannot be frozen."),
    };
}
