using System.Globalization;
using System.Text;
using Lbdn.Inference;

namespace Lbdn.Cli.Shipping;

/// <summary>The README of a generated model package: usage, the certificate, the certification table and the layers.</summary>
internal static class ModelPackageReadme
{
    public static string Write(ModelPackageTemplate package)
    {
        var metadata = package.Metadata;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $$"""
            # {{package.Id}}

            {{package.Name}}: a classifier whose l2 Lipschitz bound is *proven* to be L = {{package.Bound}}, frozen by Lbdn and packed
            by `lbdn pack`. Its only Lbdn dependency is Lbdn.Inference: no TorchSharp, no native library.

            ```csharp
            using {{package.Id}};

            var model = {{package.ClassName}}.Load();
            var prediction = model.Predict(input);     // float[{{package.InputLength}}]: input shape {{package.Shape}}, flattened row-major
            Console.WriteLine($"class {prediction.Label}, certified l2 radius {prediction.CertifiedRadius}");
            ```

            ## Certificate

            For all inputs x and x', ||f(x) - f(x')||_2 <= L ||x - x'||_2 with L = {{package.Bound}} (gamma {{ModelPackageTemplate.Number(metadata.Gamma)}}).
            So no perturbation of an input with l2 norm below `Prediction.CertifiedRadius` changes `Prediction.Label`. The radius
            is computed from the float64 logits z as the largest eps with z_y - z_i > b_i eps for every class i != y, after
            lowering each margin by a proven bound on the float64 rounding error, so it never exceeds the certified radius of the
            exact float64 network; {{PairBound(metadata)}}.

            ## Certification table


            """);
        text.Append(Table(metadata.Certification));
        text.Append(CultureInfo.InvariantCulture, $"""

            ## Model

            | | |
            |---|---|
            | name | {package.Name} |
            | input shape | {package.Shape} |
            | outputs | {metadata.OutputCount} |
            | Lipschitz bound (l2) | {package.Bound} |
            | layers | {string.Join(", ", metadata.Layers.Select(Describe))} |

            """);
        return text.ToString().ReplaceLineEndings("\n");
    }

    private static string PairBound(FrozenModelMetadata metadata) => metadata.PenultimateBound is { } penultimate
        ? $"b_i = min(sqrt(2) L, L' ||w_y - w_i||), with L' = {ModelPackageTemplate.Number(penultimate)}\nthe proven bound of the layers before the last and w_i the rows of the last weight"
        : "b_i = sqrt(2) L";

    private static string Table(CertificationTable? table)
    {
        if (table is null)
        {
            return "No certification table was shipped with this model (pack it with `--certified`).\n";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"Measured by `lbdn certify` on the {table.Dataset} test set (test images SHA-256 `{table.DatasetSha256}`). Certified accuracy is\n");
        text.Append("a proven lower bound on the robust accuracy, PGD accuracy an empirical upper bound.\n\n");
        text.Append("| eps (l2) | clean | certified (global) | certified (local) | PGD |\n|---|---|---|---|---|\n");
        foreach (var row in table.Rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| {row.Radius.ToString("G4", CultureInfo.InvariantCulture)} | {Percent(row.CleanAccuracy)} | {Percent(row.CertifiedGlobal)} | {Percent(row.CertifiedLocal)} | {Percent(row.PgdAccuracy)} |\n");
        }

        return text.ToString();
    }

    private static string Describe(FrozenLayer layer) => layer.Kind switch
    {
        FrozenLayerKinds.Activation => layer.Activation ?? layer.Kind,
        FrozenLayerKinds.Scale => $"scale {ModelPackageTemplate.Number(layer.Factor ?? 1)}",
        FrozenLayerKinds.AvgPool => $"avg_pool {layer.Kernel}",
        FrozenLayerKinds.Conv => $"conv {layer.Kernel}x{layer.Kernel} [{string.Join(", ", layer.InputShape)}] -> [{string.Join(", ", layer.OutputShape)}]",
        FrozenLayerKinds.Sll => $"sll residual ({layer.Activation}) [{string.Join(", ", layer.InputShape)}]",
        FrozenLayerKinds.SllConv => $"sll_conv residual {layer.Kernel}x{layer.Kernel} ({layer.Activation}) [{string.Join(", ", layer.InputShape)}]",
        _ => $"{layer.Kind} [{string.Join(", ", layer.InputShape)}] -> [{string.Join(", ", layer.OutputShape)}]",
    };

    private static string Percent(double fraction) => (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + " %";
}
