using System.Text.Json;

namespace Lbdn.Cli.Plotting;

/// <summary>One radius of a certification report, the JSON shape <c>lbdn certify</c> writes (a list of these).</summary>
/// <param name="Radius">The l2 radius eps.</param>
/// <param name="CleanAccuracy">Accuracy without perturbation, in [0, 1].</param>
/// <param name="CertifiedGlobal">Fraction certified at eps with the global bound, in [0, 1].</param>
/// <param name="CertifiedLocal">Fraction certified at eps with local bounds, in [0, 1].</param>
/// <param name="PgdAccuracy">Accuracy under a PGD attack of radius eps (an upper bound on robust accuracy), in [0, 1].</param>
/// <param name="StableFraction">Fraction of ReLU and clipped-ReLU neurons proven constant on the eps-balls, in [0, 1].</param>
internal sealed record RadiusRow(double Radius, double CleanAccuracy, double CertifiedGlobal, double CertifiedLocal, double PgdAccuracy, double StableFraction = 0)
{
    /// <summary>Reads a JSON list of rows.</summary>
    /// <exception cref="InvalidDataException">The file is not such a list or it is empty.</exception>
    public static IReadOnlyList<RadiusRow> ReadAll(string path)
    {
        try
        {
            var rows = JsonSerializer.Deserialize<List<RadiusRow>>(File.ReadAllText(path));
            return rows is { Count: > 0 } ? rows : throw new InvalidDataException($"'{path}' holds no radius rows.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a list of {{Radius, CleanAccuracy, CertifiedGlobal, CertifiedLocal, PgdAccuracy}}: {e.Message}");
        }
    }
}
