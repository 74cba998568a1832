using System.CommandLine;
using TorchSharp;

namespace Lbdn.Cli;

/// <summary>
/// The --threads option: TorchSharp's intra-op threads, a process-wide setting. One thread by default for every command:
/// the matrices here are small (at most 784 x 190), so extra OpenMP threads only add synchronisation, and on a busy
/// machine they wait for cores (MNIST training 6x slower with two threads on the shared 2-core machine, single-image
/// inference 24 ms instead of 0.12 ms). Commands declare the option; <see cref="Hosting.CliHost"/> applies it.
/// </summary>
internal static class Threads
{
    /// <summary>The default number of intra-op threads.</summary>
    public const int Default = 1;

    /// <summary>The --threads option with the default of one thread.</summary>
    public static Option<int> CreateOption(string description = "TorchSharp intra-op threads (process-wide); one is fastest for these small matrices.") =>
        new("--threads") { Description = description, DefaultValueFactory = _ => Default };

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
