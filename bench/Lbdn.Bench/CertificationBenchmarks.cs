using BenchmarkDotNet.Attributes;
using Lbdn.Certification;
using Lbdn.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Bench;

/// <summary>
/// Certifying a batch of 256 inputs of the MNIST sandwich network 784-190-190-128-10 at eps = 1.58, vs. one forward pass
/// of it, on one TorchSharp thread as the CLI certifies (the many small operations of a certificate wait on each other
/// across threads on a busy machine).
/// </summary>
public class CertificationBenchmarks
{
    private LipschitzSequential network = null!;
    private CertifiableNetwork certifiable = null!;
    private LocalCertificate local = null!;
    private Tensor images = null!;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(1);
        manual_seed(0);
        network = MnistNetworks.Sandwich();
        network.eval();
        certifiable = CertifiableNetwork.From(network);
        local = new LocalCertificate(certifiable);
        images = rand(256, 784);
    }

    [GlobalCleanup]
    public void Cleanup() => torch.set_num_threads(Environment.ProcessorCount);

    [Benchmark(Baseline = true)]
    public void Forward()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        network.call(images);
    }

    [Benchmark]
    public void GlobalCertificates()
    {
        using var scope = NewDisposeScope();
        GlobalCertificate.Certified(certifiable.Logits(images), certifiable.GlobalBound, 1.58, certifiable.Last);
    }

    [Benchmark]
    public LocalCertification LocalCertificates() => local.Certify(images, 1.58, batchSize: 256);
}
