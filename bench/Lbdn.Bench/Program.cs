using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: the child projects BenchmarkDotNet would generate do not import the repository's build targets, so their
// copy of TorchSharp's native library would lack the GLIBCXX fix; this process has the fixed copy.
if (args is ["cold-load", var modelPath])
{
    // The first Load in a fresh process: file read, JSON parse and JIT included.
    var clock = System.Diagnostics.Stopwatch.StartNew();
    var model = Lbdn.Inference.LbdnModel.Load(modelPath);
    Console.WriteLine($"cold Load of {modelPath}: {clock.Elapsed.TotalMilliseconds:F1} ms ({model.Metadata.Layers.Count} steps)");
    return;
}

var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
