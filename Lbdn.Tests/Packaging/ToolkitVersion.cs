namespace Lbdn.Tests.Packaging;

/// <summary>The version of the toolkit's packages, as Directory.Build.props sets it for every Lbdn assembly.</summary>
internal static class ToolkitVersion
{
    public static string Value { get; } = typeof(Lbdn.Inference.LbdnModel).Assembly.GetName().Version!.ToString(3);

    /// <summary>The file name of package <paramref name="id"/> in a feed.</summary>
    public static string Package(string id) => $"{id}.{Value}.nupkg";
}
