using System.Text;

namespace Lbdn.Tests.Generators;

/// <summary>
/// Random [LipschitzNet] declarations, valid and invalid, optionally with broken syntax. Each knows a few rules it is
/// certain to break, as an independent check on the analyzer.
/// </summary>
internal sealed class RandomNetworks(int seed)
{
    private const string Modules = """
        [LipschitzBound(0.5)]
        public sealed class Bounded() : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>("bounded")
        {
            public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor input) => input;
        }

        public sealed class Unbounded() : TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>("unbounded")
        {
            public override TorchSharp.torch.Tensor forward(TorchSharp.torch.Tensor input) => input;
        }
        """;

    private static readonly string[] Gammas = ["1.0", "2.5", "0.001", "100.0", "0.0", "-1.0", "double.NaN", "double.PositiveInfinity"];
    private static readonly string[] Activations = ["ReLU", "Tanh", "Sigmoid", "LeakyReLU", "Identity", "ClippedReLU", "MaxMin", "GroupSort"];
    private static readonly int[] Widths = [-1, 0, 1, 2, 3, 4, 8, 10, 16];
    private static readonly int[] Sizes = [4, 6, 7, 8, 16, 28];
    private static readonly string[] Debris = ["(", ")", "]", "[", ",", "typeof(", "Stride = ", "\"", "Name = ", "{", ";", "class", "=>"];

    private readonly Random random = new(seed);

    /// <summary>One declaration: the source, whether its syntax was broken on purpose, and rule ids it must report.</summary>
    public (string Source, bool Broken, IReadOnlyList<string> MustReport) Next()
    {
        var (source, mustReport) = Chance(0.5) ? Coherent() : Arbitrary();
        return Chance(0.1) ? (Break(source), true, []) : (source, false, mustReport);
    }

    /// <summary>A declaration built to respect the shape rules, so that many are valid.</summary>
    private (string Source, IReadOnlyList<string> MustReport) Coherent()
    {
        var attributes = new List<string> { $"LipschitzNet({Pick(["1.0", "2.0", "0.5"])}, AutoScale = {Bool()})" };
        int? width = null;
        if (Chance(0.5))
        {
            var size = Pick([8, 16]);
            attributes.Add($"Input({Pick([1, 3])}, {size}, {size})");
            for (var i = random.Next(0, 3); i > 0; i--)
            {
                attributes.Add(Pick([
                    $"SandwichConv({Pick([2, 4])}, Stride = {Pick([1, 2])}, Activation = Activation.{Pick(Activations.Take(6).ToList())})",
                    $"OrthogonalConv({Pick([2, 4])}, Stride = {Pick([1, 2])}, Activation = Activation.{Pick(Activations)})",
                    "AvgPool(2)",
                ]));
            }

            attributes.Add("Flatten");
        }
        else
        {
            width = Pick([2, 8, 10]);
            attributes.Add($"Input({width})");
        }

        for (var i = random.Next(0, 4); i > 0; i--)
        {
            var next = Pick([2, 8]);
            var layer = Pick([
                $"Sandwich({next}, Activation = Activation.{Pick(Activations.Take(6).ToList())})",
                $"Orthogonal({next}, Activation = Activation.{Pick(Activations)})",
                $"Dense({next}, MaxNorm = {Pick(["0.5", "1.0", "2.0"])}, Activation = Activation.{Pick(Activations)})",
                $"Scale({Pick(["0.5", "-2.0"])})",
                width is null ? $"Scale({Pick(["0.5", "-2.0"])})" : $"Layer(typeof(Bounded), OutputShape = [{width}])",
            ]);
            attributes.Add(layer);
            width = layer.StartsWith("Scale", StringComparison.Ordinal) || layer.StartsWith("Layer", StringComparison.Ordinal) ? width : next;
        }

        attributes.Add($"SandwichLinear({Pick([1, 10])})");
        return (Wrap(attributes, partial: true), []);
    }

    /// <summary>A declaration of arbitrary, mostly invalid layers and arguments.</summary>
    private (string Source, IReadOnlyList<string> MustReport) Arbitrary()
    {
        var mustReport = new List<string>();
        var attributes = new List<string>();
        var gamma = Pick(Gammas);
        if (gamma is "0.0" or "-1.0" or "double.NaN" or "double.PositiveInfinity")
        {
            mustReport.Add("LBDN002");
        }

        attributes.Add(Chance(0.3) ? $"LipschitzNet({gamma}, AutoScale = {Bool()})" : $"LipschitzNet(gamma: {gamma})");
        var layers = Enumerable.Range(0, random.Next(0, 7)).Select(_ => Layer(mustReport)).ToList();
        var inputs = random.Next(0, 10) switch
        {
            0 => 0,
            1 => 2,
            _ => 1,
        };
        if (inputs != 1)
        {
            mustReport.Add("LBDN007");
        }

        var inputAttributes = Enumerable.Range(0, inputs).Select(_ => Input()).ToList();
        var position = Chance(0.9) || layers.Count == 0 ? 0 : random.Next(1, layers.Count + 1);
        if (position > 0 && inputs > 0)
        {
            mustReport.Add("LBDN007");
        }

        layers.InsertRange(position, inputAttributes);
        attributes.AddRange(layers);

        var partial = Chance(0.9);
        if (!partial)
        {
            mustReport.Add("LBDN001");
        }

        return (Wrap(attributes, partial), mustReport);
    }

    private string Layer(List<string> mustReport)
    {
        var name = Chance(0.15) ? $", Name = \"{Pick(["hidden", "head", "input_scale", "class", "x1"])}\"" : "";
        var activation = Pick(Activations);
        switch (random.Next(0, 11))
        {
            case 0:
                if (activation is "MaxMin" or "GroupSort")
                {
                    mustReport.Add("LBDN006");
                }

                return $"Sandwich({Pick(Widths)}, Activation = Activation.{activation}{name})";
            case 1: return $"SandwichLinear({Pick(Widths)}{name})";
            case 2: return $"SandwichConv({Pick(Widths)}, Kernel = {Pick([1, 2, 3, 5])}, Stride = {Pick([1, 2, 3])}{name})";
            case 3: return $"Orthogonal({Pick(Widths)}, Activation = Activation.{activation}{name})";
            case 4: return $"OrthogonalConv({Pick(Widths)}, Kernel = 3, Stride = {Pick([1, 2])}, Activation = Activation.{activation}{name})";
            case 5: return $"Dense({Pick(Widths)}, MaxNorm = {Pick(["0.5", "1.0", "3.0", "-1.0"])}{name})";
            case 6: return $"Flatten{(name.Length > 0 ? "(" + name.Substring(2) + ")" : "")}";
            case 7: return $"AvgPool({Pick([0, 1, 2, 4])}{name})";
            case 8: return $"Scale({Pick(["2.0", "-0.5", "0.0", "1e-3"])}{name})";
            case 9:
                // Bounded keeps its shape, so only an impossible OutputShape is declared here (coherent networks declare the true one).
                if (Chance(0.3))
                {
                    mustReport.Add("LBDN005");
                    return $"Layer(typeof(Bounded), OutputShape = [{Pick([-1, 0])}]{name})";
                }

                return $"Layer(typeof(Bounded){name})";
            default:
                mustReport.Add("LBDN004");
                return $"Layer(typeof(Unbounded){name})";
        }
    }

    private string Input()
    {
        var height = Pick(Sizes);
        return Chance(0.5)
            ? $"Input({Pick(Widths)})"
            : $"Input({Pick([1, 2, 3])}, {height}, {(Chance(0.8) ? height : Pick(Sizes))})";
    }

    private string Wrap(List<string> attributes, bool partial)
    {
        var body = new StringBuilder();
        foreach (var attribute in attributes)
        {
            body.Append('[').Append(attribute).Append("]\n");
        }

        body.Append("public ").Append(partial ? "partial " : "").Append("class Net { }\n");
        var declaration = Chance(0.3) ? "public partial class Outer\n{\n" + body + "}\n" : body.ToString();
        return random.Next(0, 3) switch
        {
            0 => "using Lbdn;\n\n" + Modules + "\n" + declaration,
            1 => "using Lbdn;\n\nnamespace Demo.Random;\n\n" + Modules + "\n" + declaration,
            _ => "using Lbdn;\n\nnamespace Demo.Random\n{\n" + Modules + "\n" + declaration + "}\n",
        };
    }

    private string Break(string source)
    {
        var text = new StringBuilder(source);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var at = random.Next(0, text.Length);
            if (Chance(0.5))
            {
                text.Remove(at, Math.Min(random.Next(1, 6), text.Length - at));
            }
            else
            {
                text.Insert(at, Pick(Debris));
            }
        }

        return text.ToString();
    }

    private bool Chance(double p) => random.NextDouble() < p;

    private string Bool() => Chance(0.5) ? "true" : "false";

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
