using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>Emits a compilation (generated code included) and loads it in its own collectible load context.</summary>
internal static class GeneratedAssembly
{
    public static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        return new AssemblyLoadContext("generated-" + Guid.NewGuid(), isCollectible: true).LoadFromStream(image);
    }
}
