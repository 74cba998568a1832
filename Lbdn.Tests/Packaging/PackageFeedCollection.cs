namespace Lbdn.Tests.Packaging;

/// <summary>Test classes in this collection share one <see cref="PackageFeed"/>, so the packages are packed once.</summary>
[CollectionDefinition(Name)]
public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>
{
    public const string Name = "Package feed";
}
