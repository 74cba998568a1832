namespace Lbdn.Tests.Data;

/// <summary>Tests that read or set LBDN_DATA run one at a time, apart from every other test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "LBDN_DATA environment";
}
