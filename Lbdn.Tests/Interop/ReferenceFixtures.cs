using System.Reflection;
using System.Text.Json;
using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Interop;

/// <summary>The fixtures of tools/interop/make_reference_fixtures.py: reference state_dicts, check batches and cases.json.</summary>
internal static class ReferenceFixtures
{
    public static string Directory { get; } = typeof(ReferenceFixtures).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "LbdnInteropFixtures").Value!;

    public static string Checkpoint(string name) => Path.Combine(Directory, name + ".pth");

    public static JsonElement Case(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "cases.json")));
        return document.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name).Clone();
    }

    /// <summary>The float64 Lbdn layer computing the function of the reference module of case <paramref name="name"/>.</summary>
    public static nn.Module<Tensor, Tensor> Layer(string name)
    {
        var entry = Case(name);
        var args = entry.GetProperty("args").EnumerateArray().Select(a => a.GetInt64()).ToArray();
        var kwargs = entry.GetProperty("kwargs");
        var stride = kwargs.TryGetProperty("stride", out var s) ? s.GetInt64() : 1;
        var size = entry.GetProperty("input_shape").EnumerateArray().Last().GetInt64();
        var layer = Bare(entry.GetProperty("class").GetString(), args, kwargs, stride, size);

        // The reference multiplies its input by `scale`, which its state_dict does not record: an Lbdn scale stage in front.
        return kwargs.TryGetProperty("scale", out var scale)
            ? new LipschitzSequential([.. entry.GetProperty("input_shape").EnumerateArray().Select(d => d.GetInt64())], new LipschitzScale(scale.GetDouble()), layer)
            : layer;
    }

    private static nn.Module<Tensor, Tensor> Bare(string? referenceClass, long[] args, JsonElement kwargs, long stride, long size)
    {
        const ScalarType f64 = ScalarType.Float64;
        return referenceClass switch
        {
            "SandwichFc" => new SandwichLayer(args[0], args[1], Activation.ReLU, dtype: f64),
            "SandwichLin" => new SandwichLinear(args[0], args[1], kwargs.TryGetProperty("AB", out var ab) && ab.GetBoolean() ? SandwichForm.AB : SandwichForm.B, dtype: f64),
            "SandwichConvLin" => new SandwichConvLinear(args[0], args[1], size, args[2], stride, SandwichForm.AB, dtype: f64),
            "OrthogonFc" => new OrthogonalLinear(args[0], args[1], Activation.ReLU, dtype: f64),
            "AolFc" => new AolLinear(args[0], args[1], Activation.ReLU, dtype: f64),
            "AolLin" => new AolLinear(args[0], args[1], Activation.Identity, dtype: f64),
            "OrthogonLin" => new OrthogonalLinear(args[0], args[1], Activation.Identity, dtype: f64),
            "SandwichConv" => new SandwichConv2d(args[0], args[1], size, args[2], stride, Activation.ReLU, dtype: f64),
            "OrthogonConv" => new OrthogonalConv2d(args[0], args[1], size, args[2], stride, Activation.ReLU, dtype: f64),
            "OrthogonConvLin" => new OrthogonalConv2d(args[0], args[1], size, args[2], stride, Activation.Identity, dtype: f64),
            "AolConv" => new AolConv2d(args[0], args[1], args[2], Activation.ReLU, dtype: f64),
            "AolConvLin" => new AolConv2d(args[0], args[1], args[2], Activation.Identity, dtype: f64),
            "SLLBlockFc" => new SllLinear(args[0], args[1], Activation.ReLU, dtype: f64),
            "SLLBlockConv" => new SllConv2d(args[0], args[1], args[2], Activation.ReLU, dtype: f64),
            var other => throw new ArgumentException($"no Lbdn layer for {other}"),
        };
    }
}
