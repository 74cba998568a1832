using Lbdn.Data;

namespace Lbdn.Tests.Data;

[Collection(EnvironmentCollection.Name)]
public sealed class DatasetResolverTests : IDisposable
{
    private readonly string? savedEnvironment = Environment.GetEnvironmentVariable(DatasetResolver.EnvironmentVariable);
    private readonly TempFolder temp = new();

    public DatasetResolverTests() => Environment.SetEnvironmentVariable(DatasetResolver.EnvironmentVariable, null);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(DatasetResolver.EnvironmentVariable, savedEnvironment);
        temp.Dispose();
    }

    private string Folder(string name) => Path.Combine(temp.Path, name);

    [Fact]
    public void Explicit_folder_wins_over_environment_and_cache()
    {
        var source = new FakeSource();
        var fake = new FakeDataset(source);
        FakeDataset.WriteAll(Folder("explicit"));
        FakeDataset.WriteAll(Folder("env"));
        FakeDataset.WriteAll(Path.Combine(Folder("cache"), "fake"));
        Environment.SetEnvironmentVariable(DatasetResolver.EnvironmentVariable, Folder("env"));

        var resolved = fake.Resolver(Folder("cache")).Resolve(DatasetName.Mnist, Folder("explicit"));

        Assert.Equal((DatasetOrigin.Argument, Folder("explicit")), (resolved.Origin, resolved.Folder));
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public void Environment_folder_wins_over_cache_and_may_hold_a_subfolder_per_data_set()
    {
        var fake = new FakeDataset(new FakeSource());
        FakeDataset.WriteAll(Path.Combine(Folder("env"), "fake"));
        FakeDataset.WriteAll(Path.Combine(Folder("cache"), "fake"));
        Environment.SetEnvironmentVariable(DatasetResolver.EnvironmentVariable, Folder("env"));

        var resolved = fake.Resolver(Folder("cache")).Resolve(DatasetName.Mnist);

        Assert.Equal((DatasetOrigin.Environment, Path.Combine(Folder("env"), "fake")), (resolved.Origin, resolved.Folder));
    }

    [Fact]
    public void Cache_is_used_without_asking_a_source()
    {
        var source = new FakeSource();
        var fake = new FakeDataset(source);
        FakeDataset.WriteAll(Path.Combine(Folder("cache"), "fake"));

        var resolved = fake.Resolver(Folder("cache")).Resolve(DatasetName.Mnist);

        Assert.Equal(DatasetOrigin.Cache, resolved.Origin);
        Assert.Equal(0, source.Calls);
    }

    [Fact]
    public void Acquired_files_land_in_the_cache_and_are_found_there_next_time()
    {
        var failing = new FakeSource(fail: true);
        var working = new FakeSource();
        var fake = new FakeDataset(failing, working);
        var resolver = fake.Resolver(Folder("cache"));

        var first = resolver.Resolve(DatasetName.Mnist);
        var second = resolver.Resolve(DatasetName.Mnist);

        Assert.Equal(DatasetOrigin.Acquired, first.Origin);
        Assert.Equal(DatasetOrigin.Cache, second.Origin);
        Assert.Equal((1, 1), (failing.Calls, working.Calls));
        Assert.Equal(FakeDataset.Content["train-labels"], File.ReadAllBytes(Path.Combine(Folder("cache"), "fake", "train-labels")));
        Assert.Equal(["test-images", "test-labels", "train-images", "train-labels"], Directory.GetFileSystemEntries(Path.Combine(Folder("cache"), "fake")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Corrupted_cached_file_is_reported_quarantined_and_reacquired()
    {
        var source = new FakeSource();
        var fake = new FakeDataset(source);
        var cache = Path.Combine(Folder("cache"), "fake");
        FakeDataset.WriteAll(cache);
        File.WriteAllBytes(Path.Combine(cache, "test-labels"), [0, 0, 8, 1, 0, 0, 0, 2, 1, 8]);
        var log = new List<string>();

        var resolved = fake.Resolver(Folder("cache"), log).Resolve(DatasetName.Mnist);

        Assert.Equal(DatasetOrigin.Acquired, resolved.Origin);
        Assert.Equal(["test-labels"], source.Requested);
        Assert.Equal(FakeDataset.Content["test-labels"], File.ReadAllBytes(Path.Combine(cache, "test-labels")));
        Assert.Equal([0, 0, 8, 1, 0, 0, 0, 2, 1, 8], File.ReadAllBytes(Path.Combine(cache, "test-labels.corrupt")));
        Assert.Contains(log, line => line.Contains("test-labels") && line.Contains("SHA-256"));
    }

    [Fact]
    public void Delivery_with_a_hash_mismatch_is_not_used_and_nothing_reaches_the_cache()
    {
        var fake = new FakeDataset(new FakeSource(badFile: "test-images"));

        var error = Assert.Throws<DatasetUnavailableException>(() => fake.Resolver(Folder("cache")).Resolve(DatasetName.Mnist));

        Assert.Contains("test-images", error.Message);
        Assert.Contains("SHA-256", error.Message);
        Assert.Contains("Hint: pass --data.", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(Folder("cache"), "fake")));
    }

    [Fact]
    public void Explicit_folder_with_a_bad_file_is_an_error_naming_it()
    {
        var fake = new FakeDataset(new FakeSource());
        FakeDataset.WriteAll(Folder("explicit"));
        File.WriteAllBytes(Path.Combine(Folder("explicit"), "train-images"), FakeDataset.Content["train-images"][..^3]);

        var error = Assert.Throws<InvalidDataException>(() => fake.Resolver(Folder("cache")).Resolve(DatasetName.Mnist, Folder("explicit")));

        Assert.Contains("train-images", error.Message);
        Assert.Contains("expected", error.Message);
        Assert.True(File.Exists(Path.Combine(Folder("explicit"), "train-images")), "a user's own file is never deleted");
    }

    [Fact]
    public void Explicit_folder_missing_a_file_is_an_error_naming_it()
    {
        var fake = new FakeDataset(new FakeSource());
        FakeDataset.WriteAll(Folder("explicit"));
        File.Delete(Path.Combine(Folder("explicit"), "test-labels"));

        var error = Assert.Throws<InvalidDataException>(() => fake.Resolver(Folder("cache")).Resolve(DatasetName.Mnist, Folder("explicit")));

        Assert.Contains("lacks 'test-labels'", error.Message);
    }

    [Fact]
    public void Environment_folder_that_does_not_exist_is_an_error_naming_the_variable()
    {
        var fake = new FakeDataset(new FakeSource());
        Environment.SetEnvironmentVariable(DatasetResolver.EnvironmentVariable, Folder("nowhere"));

        var error = Assert.Throws<DirectoryNotFoundException>(() => fake.Resolver(Folder("cache")).Resolve(DatasetName.Mnist));

        Assert.Contains("LBDN_DATA", error.Message);
        Assert.Contains(Folder("nowhere"), error.Message);
    }

    [Fact]
    public void Default_cache_follows_XDG_CACHE_HOME()
    {
        var saved = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        try
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", Folder("xdg"));
            Assert.Equal(Path.Combine(Folder("xdg"), "lbdn"), DatasetResolver.DefaultCacheRoot());
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_CACHE_HOME", saved);
        }
    }

    [Fact]
    public void Loads_a_split_through_the_resolver()
    {
        var fake = new FakeDataset(new FakeSource());

        using var test = Dataset.Load(DatasetName.Mnist, DatasetSplit.Test, resolver: fake.Resolver(Folder("cache")));

        Assert.Equal([1L, 9L], test.Labels.data<long>().ToArray());
        Assert.Equal([2L, 1, 2, 2], test.Images.shape);
    }
}
