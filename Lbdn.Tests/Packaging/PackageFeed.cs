namespace Lbdn.Tests.Packaging;

/// <summary>
/// Packs Lbdn.Dsl, Lbdn.Inference, Lbdn.Runtime (which depends on it), Lbdn.Training and Lbdn.Data (which depend on
/// Lbdn.Runtime) once into a temporary local feed and creates
/// consumer projects that reference them by package. Consumers restore into their own packages folder (so a re-pack is never shadowed by a stale cached copy)
/// with the global folder as a read-only fallback for TorchSharp.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed()
    {
        Root = Directory.CreateTempSubdirectory("lbdn-feed-").FullName;
        Feed = Path.Combine(Root, "feed");
        var repository = DotnetCli.RepositoryRoot();
        string[] projects =
        [
            "Lbdn.Dsl/Lbdn.Dsl.csproj", "Lbdn.Inference/Lbdn.Inference.csproj", "Lbdn.Runtime/Lbdn.Runtime.csproj",
            "Lbdn.Training/Lbdn.Training.csproj", "Lbdn.Data/Lbdn.Data.csproj",
        ];
        foreach (var project in projects)
        {
            var (exitCode, output) = DotnetCli.Run(
                repository, "pack", project, "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Root, "artifacts"));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"dotnet pack {project} failed:\n{output}");
            }
        }
    }

    public string Root { get; }

    public string Feed { get; }

    /// <summary>
    /// Writes a console project referencing Lbdn.Dsl and Lbdn.Runtime, or the given <paramref name="packages"/> instead,
    /// with <paramref name="program"/> as Program.cs.
    /// </summary>
    public string CreateConsumer(string name, string program, params string[] packages)
    {
        var references = string.Join("\n", (packages.Length > 0 ? packages : ["Lbdn.Dsl", "Lbdn.Runtime"])
            .Select(package => $"    <PackageReference Include=\"{package}\" Version=\"{ToolkitVersion.Value}\" />"));
        var directory = Path.Combine(Root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <RestorePackagesPath>{Path.Combine(Root, "packages")}</RestorePackagesPath>
                <RestoreFallbackFolders>{DotnetCli.GlobalPackages()}</RestoreFallbackFolders>
              </PropertyGroup>
              <ItemGroup>
            {references}
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="lbdn-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), program);
        return directory;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
