using System.Globalization;
using Lbdn.Cli.Experiments;
using Spectre.Console;

namespace Lbdn.Cli;

/// <summary>The toy runs of one layer kind and gamma over several seeds: median and range of tightness and test MSE.</summary>
internal sealed record ToySummary(
    string Layer, double Gamma, int Seeds, double TightnessMedian, double TightnessMin, double TightnessMax,
    double TestLossMedian, double TestLossMin, double TestLossMax, double[] Tightness, double Seconds)
{
    public static ToySummary Of(string layer, IReadOnlyList<SquareWaveResult> runs)
    {
        var tightness = runs.Select(r => r.Tightness).ToArray();
        var loss = runs.Select(r => r.TestLoss).ToArray();
        return new ToySummary(
            layer, runs[0].Gamma, runs.Count, Median(tightness), tightness.Min(), tightness.Max(),
            Median(loss), loss.Min(), loss.Max(), tightness, runs.Sum(r => r.Seconds));
    }

    public static Table Table(IEnumerable<ToySummary> summaries)
    {
        var table = new Table().AddColumns("layer", "gamma", "seeds", "tightness median", "tightness range", "test MSE median", "test MSE range", "seconds");
        foreach (var s in summaries)
        {
            table.AddRow(
                s.Layer,
                s.Gamma.ToString("G4", CultureInfo.InvariantCulture),
                s.Seeds.ToString(CultureInfo.InvariantCulture),
                s.TightnessMedian.ToString("P1", CultureInfo.InvariantCulture),
                $"{s.TightnessMin.ToString("P1", CultureInfo.InvariantCulture)} - {s.TightnessMax.ToString("P1", CultureInfo.InvariantCulture)}",
                s.TestLossMedian.ToString("F4", CultureInfo.InvariantCulture),
                $"{s.TestLossMin.ToString("F4", CultureInfo.InvariantCulture)} - {s.TestLossMax.ToString("F4", CultureInfo.InvariantCulture)}",
                s.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        }

        return table;
    }

    // The middle value, or the mean of the two middle values.
    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
