using Lbdn.Data;

namespace Lbdn.Tests.Data;

public sealed class PackageSourceTests
{
    [Fact]
    public void Missing_Debian_package_tells_the_user_how_to_install_it()
    {
        using var staging = new TempFolder();
        var source = new DebianPackageSource("lbdn-no-such-package");

        var error = Assert.Throws<IOException>(() => source.Acquire(DatasetCatalog.FashionMnist.Files, staging.Path, default));

        Assert.Contains("apt-get install lbdn-no-such-package", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(staging.Path));
    }

    [Fact]
    public void Unreachable_mirror_fails_quickly_with_the_address()
    {
        using var staging = new TempFolder();
        var source = new MirrorSource(["http://lbdn-mirror.invalid/"], TimeSpan.FromSeconds(5));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = Assert.Throws<IOException>(() => source.Acquire(DatasetCatalog.Mnist.Files, staging.Path, default));

        Assert.Contains("lbdn-mirror.invalid", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }
}
