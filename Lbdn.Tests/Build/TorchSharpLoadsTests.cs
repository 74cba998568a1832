using static TorchSharp.torch;

namespace Lbdn.Tests.Build;

public sealed class TorchSharpLoadsTests
{
    [Fact]
    public void A_tensor_operation_runs()
    {
        using var sum = ones(3).sum();
        Assert.Equal(3f, sum.item<float>());
    }

    [Fact]
    public void The_output_copy_of_LibTorchSharp_carries_the_weak_flag()
    {
        var copies = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories);
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var outcome = Lbdn.Build.ElfVersionPatcher.PatchImage(File.ReadAllBytes(copy), "GLIBCXX_3.4.32", ["_ZSt21ios_base_library_initv"], copy);
            Assert.Equal(Lbdn.Build.ElfPatchOutcome.AlreadyWeak, outcome);
        }
    }
}
