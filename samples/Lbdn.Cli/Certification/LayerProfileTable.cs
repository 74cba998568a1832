using System.Globalization;
using Lbdn.Certification;
using Spectre.Console;
using static TorchSharp.torch;

namespace Lbdn.Cli.Certification;

/// <summary><c>certify --layers</c>: per radius, every certified stage's varying neurons and exact local bound against its global bound.</summary>
internal static class LayerProfileTable
{
    /// <summary>The profile covers the first this many certified images (the exact bounds cost time per image).</summary>
    public const int Images = 500;

    /// <summary>One profile per radius over the first <see cref="Images"/> of <paramref name="images"/>.</summary>
    public static IReadOnlyList<RadiusProfile> Profile(ILipschitzNetwork network, Tensor images, double[] radii)
    {
        using var first = images.narrow(0, 0, Math.Min(Images, images.shape[0]));
        return [.. radii.Select(r => new RadiusProfile(r, (int)first.shape[0], LocalBoundProfile.Of(network, first, r)))];
    }

    public static void Write(IReadOnlyList<RadiusProfile> profiles)
    {
        foreach (var profile in profiles)
        {
            var table = new Table()
                .Title($"stages at eps = {profile.Radius.ToString("G4", CultureInfo.InvariantCulture)}, first {profile.Images} test images")
                .AddColumns("stage", "global bound", "neurons", "varying (mean)", "local bound (mean)", "min", "max", "at global");
            foreach (var stage in profile.Stages)
            {
                table.AddRow(
                    stage.Stage.ToString(CultureInfo.InvariantCulture),
                    Number(stage.GlobalBound),
                    stage.Neurons == 0 ? "-" : stage.Neurons.ToString(CultureInfo.InvariantCulture),
                    stage.Neurons == 0 ? "-" : stage.MeanVarying.ToString("F1", CultureInfo.InvariantCulture),
                    Number(stage.MeanLocal),
                    Number(stage.MinLocal),
                    Number(stage.MaxLocal),
                    stage.AtGlobal.ToString("P1", CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(table);
        }
    }

    private static string Number(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}

