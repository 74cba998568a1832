using ScottPlot;

namespace Lbdn.Cli.Plotting;

/// <summary>The PNG charts of the CLI, drawn with ScottPlot.</summary>
internal static class Charts
{
    private const int Width = 900;

    // Small enough for one caption line of the longest network, data set and loss names in Width pixels.
    private const float TitleSize = 15;

    /// <summary>
    /// Loss (train and test) and test accuracy per epoch, in two rows; several runs are overlaid, labelled by network.
    /// Every epoch is a marker, so a one-epoch run shows its point. The title is <paramref name="title"/> or the runs'
    /// networks, data sets, losses and bounds, one line per run. Returns the writer of the PNG.
    /// </summary>
    public static Action<string> TrainingCurves(IReadOnlyList<TrainingHistory> histories, string? title)
    {
        var loss = new Plot();
        var accuracy = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var run = 0; run < histories.Count; run++)
        {
            // one colour per run: train loss solid, test loss dashed, accuracy solid
            var (history, color) = (histories[run], palette.GetColor(run));
            var prefix = histories.Count == 1 ? "" : $"{history.Network}: ";
            Line(loss, [.. history.Epochs.Select(e => (double)e.Epoch)], history.Epochs.Select(e => e.TrainLoss), prefix + "train loss").Color = color;
            var tested = history.Epochs.Where(e => e.TestLoss is not null && e.TestAccuracy is not null).ToList();
            var testEpochs = tested.Select(e => (double)e.Epoch).ToArray();
            var testLoss = Line(loss, testEpochs, tested.Select(e => e.TestLoss!.Value), prefix + "test loss");
            (testLoss.Color, testLoss.LinePattern) = (color, LinePattern.Dashed);
            Line(accuracy, testEpochs, tested.Select(e => 100 * e.TestAccuracy!.Value), prefix + "test accuracy").Color = color;
        }

        loss.Title(title ?? string.Join("\n", histories.Select(Caption)), size: TitleSize);
        loss.YLabel("loss");
        loss.ShowLegend(Alignment.UpperRight);
        accuracy.XLabel("epoch");
        accuracy.YLabel("test accuracy (%)");
        accuracy.ShowLegend(Alignment.LowerRight);
        foreach (var plot in new[] { loss, accuracy })
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        }

        var figure = new Multiplot();
        figure.Reset(loss);
        figure.AddPlot(accuracy);
        return path => figure.SavePng(path, Width, 800 + (60 * (histories.Count - 1)));
    }

    private static string Caption(TrainingHistory history) =>
        $"{history.Network} on {history.Dataset} ({history.Loss}, {(history.LipschitzBound is { } b ? $"bound {b:G4}" : "no bound")})";

    /// <summary>
    /// Clean, certified (global and local) and PGD accuracy against the l2 radius, a marker at every radius. The local line
    /// is dashed with open squares over the solid global one, so it stays visible where both certify the same fraction.
    /// Returns the writer of the PNG.
    /// </summary>
    public static Action<string> CertifiedAccuracy(IReadOnlyList<RadiusRow> rows, string title)
    {
        var ordered = rows.OrderBy(r => r.Radius).ToList();
        var radii = ordered.Select(r => r.Radius).ToArray();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        Line(plot, radii, ordered.Select(r => 100 * r.CleanAccuracy), "clean").Color = palette.GetColor(0);
        Line(plot, radii, ordered.Select(r => 100 * r.PgdAccuracy), "PGD (upper bound)").Color = palette.GetColor(1);
        var global = Line(plot, radii, ordered.Select(r => 100 * r.CertifiedGlobal), "certified, global bound");
        (global.Color, global.LineWidth, global.MarkerSize) = (palette.GetColor(3), 4, 9);
        var same = ordered.All(r => r.CertifiedLocal == r.CertifiedGlobal);
        var local = Line(plot, radii, ordered.Select(r => 100 * r.CertifiedLocal), same ? "certified, local bounds (= global here)" : "certified, local bounds");
        (local.Color, local.LinePattern, local.MarkerShape, local.MarkerSize) = (palette.GetColor(2), LinePattern.Dashed, MarkerShape.OpenSquare, 14);
        plot.Title(title, size: TitleSize);
        plot.XLabel("l2 radius");
        plot.YLabel("accuracy (%)");
        plot.Axes.SetLimitsY(0, 100);
        plot.ShowLegend(Alignment.LowerLeft);
        return path => plot.SavePng(path, Width, 600);
    }

    /// <summary>The square wave and the curve each gamma-Lipschitz network fitted to it; returns the writer of the PNG.</summary>
    public static Action<string> SquareWaveFits(IReadOnlyList<(double Gamma, double[] X, double[] Y)> fits)
    {
        var plot = new Plot();
        var x = Enumerable.Range(0, 801).Select(i => -2 + (i / 200.0)).ToArray();
        var target = plot.Add.ScatterLine(x, x.Select(v => v <= -1 || (v > 0 && v <= 1) ? 1.0 : 0.0).ToArray());
        target.LegendText = "square wave";
        target.LineWidth = 2;
        target.LinePattern = LinePattern.Dashed;
        target.Color = Colors.Black;
        foreach (var (gamma, xs, ys) in fits)
        {
            Line(plot, xs, ys, $"gamma = {gamma:G4}").MarkerSize = 0;
        }

        plot.Title("LBDN toy problem: fitted functions");
        plot.XLabel("x");
        plot.YLabel("y");
        plot.ShowLegend(Alignment.UpperRight);
        return path => plot.SavePng(path, Width, 600);
    }

    // A line through the points with a marker on each.
    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] x, IEnumerable<double> y, string label)
    {
        var line = plot.Add.ScatterLine(x, y.ToArray());
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerShape = MarkerShape.FilledCircle;
        line.MarkerSize = 7;
        return line;
    }
}
