using TorchSharp;

namespace Lbdn.Cli;

/// <summary>Applies a --threads option.</summary>
internal static class Threads
{
    /// <summary>Sets TorchSharp's intra-op threads; returns an exit code when the value is invalid, null otherwise.</summary>
    public static int? Apply(int threads)
    {
        if (threads < 1)
        {
            Console.Error.WriteLine($"lbdn: --threads must be at least 1, got {threads}.");
            return 2;
        }

        torch.set_num_threads(threads);
        return null;
    }
}
