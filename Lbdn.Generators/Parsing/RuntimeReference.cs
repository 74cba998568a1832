using Microsoft.CodeAnalysis;

namespace Lbdn.Generators.Parsing;

/// <summary>Whether the compilation references Lbdn.Runtime, whose types the generated code uses.</summary>
internal static class RuntimeReference
{
    /// <summary>A type of Lbdn.Runtime that every generated network needs.</summary>
    public const string ProbeType = "Lbdn.Layers.SandwichLayer";

    public static bool IsPresent(Compilation compilation) => compilation.GetTypeByMetadataName(ProbeType) is not null;
}
