using System.Globalization;
using Lbdn.Certification;
using Spectre.Console;

namespace Lbdn.Cli.Certification;

/// <summary>The per-radius summary table of <c>lbdn certify</c> and <c>lbdn mnist</c>.</summary>
internal static class CertificationTable
{
    public static void Write(string network, double bound, long images, IReadOnlyList<RadiusReport> reports, string rowsPath)
    {
        var table = new Table()
            .Title($"{network}: Lipschitz bound {bound.ToString("G4", CultureInfo.InvariantCulture)}, {images} test images")
            .AddColumns("eps (l2)", "clean", "certified (global)", "certified (local)", "PGD", "stable neurons", "seconds");
        foreach (var r in reports)
        {
            table.AddRow(
                r.Radius.ToString("G4", CultureInfo.InvariantCulture),
                Percent(r.CleanAccuracy),
                Percent(r.CertifiedGlobal),
                Percent(r.CertifiedLocal),
                Percent(r.PgdAccuracy),
                Percent(r.StableFraction),
                r.Time.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLineInterpolated($"Rows written to [bold]{rowsPath}[/] (plot them with [bold]lbdn plot certified {rowsPath}[/]).");
    }

    private static string Percent(double fraction) => fraction.ToString("P1", CultureInfo.InvariantCulture);
}
