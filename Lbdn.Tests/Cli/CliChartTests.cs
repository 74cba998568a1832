namespace Lbdn.Tests.Cli;

/// <summary>What the PNG charts of <c>lbdn plot</c> show, read back pixel by pixel (Category10 colours of the runs).</summary>
[Integration]
public sealed class CliChartTests : IDisposable
{
    private const string FirstRun = "#1f77b4";
    private const string LocalCertified = "#2ca02c";
    private readonly string folder = Directory.CreateTempSubdirectory("lbdn-cli-charts-").FullName;

    [Fact]
    public void A_one_epoch_history_draws_its_point()
    {
        WriteHistory("one.history.json", "mnist-sandwich");

        var plot = LbdnProcess.Run(folder, "plot", "history", "one.history.json");

        Assert.True(plot.ExitCode == 0, plot.Error);
        var png = PngPixels.Read(Path.Combine(folder, "one.history.png"));
        // the single epoch sits in the middle of the x axis; the legend is at the right edge
        Assert.True(png.Count(png.Width * 3 / 10, 0, png.Width * 7 / 10, png.Height, FirstRun) > 20, "no marker drawn for the one epoch");
    }

    [Fact]
    public void The_title_of_three_overlaid_histories_fits_the_width()
    {
        WriteHistory("a.history.json", "mnist-sandwich");
        WriteHistory("b.history.json", "mnist-locallip");
        WriteHistory("c.history.json", "mnist-conv");

        var plot = LbdnProcess.Run(folder, "plot", "history", "a.history.json", "b.history.json", "c.history.json", "--out", "three.png");

        Assert.True(plot.ExitCode == 0, plot.Error);
        var png = PngPixels.Read(Path.Combine(folder, "three.png"));
        // text cut at the image border leaves dark pixels in the outermost columns of the title band
        Assert.Equal(0, png.Count(0, 0, 4, 45, "#000000", tolerance: 100) + png.Count(png.Width - 4, 0, png.Width, 45, "#000000", tolerance: 100));
    }

    [Fact]
    public void Local_certified_accuracy_stays_visible_where_it_equals_the_global_one()
    {
        File.WriteAllText(Path.Combine(folder, "same.json"), """
            [{"Radius":0.5,"CleanAccuracy":0.965,"CertifiedGlobal":0.916,"CertifiedLocal":0.916,"PgdAccuracy":0.922},
             {"Radius":1.0,"CleanAccuracy":0.965,"CertifiedGlobal":0.805,"CertifiedLocal":0.805,"PgdAccuracy":0.834},
             {"Radius":1.58,"CleanAccuracy":0.965,"CertifiedGlobal":0.57,"CertifiedLocal":0.57,"PgdAccuracy":0.652}]
            """);

        var plot = LbdnProcess.Run(folder, "plot", "certified", "same.json");

        Assert.True(plot.ExitCode == 0, plot.Error);
        var png = PngPixels.Read(Path.Combine(folder, "same.png"));
        // above the legend (lower left), the local line's colour shows only if it is not hidden under the global line
        Assert.True(png.Count(0, 0, png.Width, png.Height * 7 / 10, LocalCertified) > 100, "the local line is hidden under the global one");
    }

    private void WriteHistory(string name, string network) => File.WriteAllText(Path.Combine(folder, name), $$"""
        {"Network":"{{network}}","Dataset":"mnist","LipschitzBound":1,"Loss":"multi-margin","TrainCount":5000,"Epochs":[
          {"Epoch":1,"TrainLoss":4.9,"TestLoss":3.2,"TestAccuracy":0.93,"LearningRate":0.005,"Seconds":12}]}
        """);

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
