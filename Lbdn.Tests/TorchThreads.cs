using System.Runtime.CompilerServices;

namespace Lbdn.Tests;

internal static class TorchThreads
{
    // xunit runs test classes in parallel on the 2 cores; one intra-op thread per test avoids OpenMP oversubscription,
    // which slows small matrix work (Cayley solves of size ~100) by an order of magnitude.
    [ModuleInitializer]
    internal static void SingleIntraOpThread() => torch.set_num_threads(1);
}
