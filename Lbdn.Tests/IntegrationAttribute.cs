using Xunit.Abstractions;
using Xunit.Sdk;

namespace Lbdn.Tests;

/// <summary>
/// Marks a slow integration test class or test (MNIST training, CLI and dotnet subprocesses, pack, publish, consumer
/// builds, anything over a couple of seconds) with the trait Category=Integration, so that
/// <c>dotnet test Lbdn.Tests -c Release --filter Category!=Integration</c> runs the fast unit tests alone.
/// </summary>
[TraitDiscoverer("Lbdn.Tests.IntegrationDiscoverer", "Lbdn.Tests")]
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class IntegrationAttribute : Attribute, ITraitAttribute;

/// <summary>Gives tests marked <see cref="IntegrationAttribute"/> the trait Category=Integration.</summary>
public sealed class IntegrationDiscoverer : ITraitDiscoverer
{
    /// <summary>The trait's name, as filters write it.</summary>
    public const string Name = "Category";

    /// <summary>The trait's value.</summary>
    public const string Value = "Integration";

    /// <inheritdoc />
    public IEnumerable<KeyValuePair<string, string>> GetTraits(IAttributeInfo traitAttribute) => [new(Name, Value)];
}
