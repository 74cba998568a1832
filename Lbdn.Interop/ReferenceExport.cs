using System.Globalization;
using System.Text;
using System.Text.Json;
using Lbdn.Layers;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// Exports an Lbdn network as the state_dict of the reference PyTorch modules computing the same function (the inverse of
/// <see cref="ReferenceCheckpoint.Import(nn.Module{Tensor, Tensor}, IReadOnlyDictionary{string, Tensor})"/>), with a JSON
/// module list to rebuild the reference <c>nn.Sequential</c> and a check batch of Lbdn's own outputs.
/// </summary>
public static class ReferenceExport
{
    /// <summary>Rows of the check batch written beside an export.</summary>
    public const int CheckRows = 4;

    /// <summary>
    /// The reference state_dict and module list of <paramref name="target"/>: a network's stages become <c>nn.Sequential</c>
    /// entries (keys <c>INDEX.name</c>); a single layer exports as the bare reference module (keys without prefix).
    /// </summary>
    /// <exception cref="ReferenceCheckpointException">A stage has no reference equivalent, or its parameters cannot be expressed there.</exception>
    public static (Dictionary<string, Tensor> StateDict, IReadOnlyList<ReferenceModuleEntry> Modules) StateDict(nn.Module<Tensor, Tensor> target)
    {
        var names = NetworkStages.Parameterised(target).ToDictionary(s => (object)s.Stage, s => s.Name, ReferenceEqualityComparer.Instance);
        var bare = target is not ILipschitzNetwork;
        var stateDict = new Dictionary<string, Tensor>();
        var modules = new List<ReferenceModuleEntry>();
        foreach (var (stage, index) in NetworkStages.All(target).Select((stage, index) => (stage, index)))
        {
            if (stage is LipschitzScale scale)
            {
                modules.Add(new(index, "Scale", [], new Dictionary<string, object>(), scale.Factor));
                continue;
            }

            if (stage is Flatten)
            {
                modules.Add(new(index, "Flatten", [], new Dictionary<string, object>()));
                continue;
            }

            var name = names.TryGetValue(stage, out var n) ? n : stage.GetType().Name;
            var mapping = ReferenceMappings.For(stage, name);
            var layout = mapping.Layout(stage);
            using var _ = no_grad();
            foreach (var (key, value) in mapping.ToReference(stage))
            {
                stateDict[bare ? key : ReferenceModules.Key(index.ToString(CultureInfo.InvariantCulture), key)] = value.detach().cpu().contiguous();
            }

            var difference = mapping is IApproximateMapping { ExportsExactly: false } approximate ? approximate.Difference(stage) : null;
            modules.Add(new(index, layout.Class, layout.Arguments, layout.Options, Difference: difference));
        }

        return (stateDict, modules);
    }

    /// <summary>
    /// Writes <paramref name="path"/> (.safetensors) with the reference state_dict of <paramref name="target"/>, NAME.json with
    /// its module list and input shape, and NAME.check.safetensors with a seeded input batch and the network's eval-mode output
    /// on it; each file through a temporary sibling renamed over the target.
    /// </summary>
    public static IReadOnlyList<ReferenceModuleEntry> Write(nn.Module<Tensor, Tensor> target, string path)
    {
        if (!path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            throw new ReferenceCheckpointException($"export path '{path}' must end in .safetensors.");
        }

        var (stateDict, modules) = StateDict(target);
        var inputShape = NetworkStages.InputShape(target);
        var check = CheckBatch(target, inputShape);
        AtomicFile.Write(path, temporary => Safetensors.SaveStateDict(temporary, stateDict));
        AtomicFile.Write(Path.ChangeExtension(path, ".check.safetensors"), temporary => Safetensors.SaveStateDict(temporary, check));
        AtomicFile.Write(Path.ChangeExtension(path, ".json"), temporary => File.WriteAllText(temporary, Describe(modules, inputShape, target)));
        return modules;
    }

    // input ~ U[0, 1] (seed 0) of [CheckRows, ..inputShape] and the eval-mode output on it, in the network's precision.
    private static Dictionary<string, Tensor> CheckBatch(nn.Module<Tensor, Tensor> target, long[] inputShape)
    {
        using var _ = no_grad();
        using var generator = new Generator(0);
        var dtype = target.parameters().First().dtype;
        var input = rand([CheckRows, .. inputShape], dtype: dtype, generator: generator);
        target.eval();
        return new() { ["input"] = input, ["output"] = target.call(input).detach().contiguous() };
    }

    private static string Describe(IReadOnlyList<ReferenceModuleEntry> modules, long[] inputShape, nn.Module<Tensor, Tensor> target)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("format", "lbdn-pytorch");
            json.WriteString("dtype", target.parameters().First().dtype.ToString().ToLowerInvariant());
            json.WriteString("sequential", target is ILipschitzNetwork ? "nn.Sequential of the modules below" : "the single module below, unprefixed");
            Numbers(json, "input_shape", inputShape);
            json.WriteStartArray("modules");
            foreach (var module in modules)
            {
                json.WriteStartObject();
                json.WriteNumber("index", module.Index);
                json.WriteString("class", module.Class);
                Numbers(json, "args", module.Arguments);
                json.WriteStartObject("kwargs");
                foreach (var (key, value) in module.Options)
                {
                    if (value is bool flag)
                    {
                        json.WriteBoolean(key, flag);
                    }
                    else if (value is double real)
                    {
                        json.WriteNumber(key, real);
                    }
                    else
                    {
                        json.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                    }
                }

                json.WriteEndObject();
                if (module.Factor is { } factor)
                {
                    json.WriteNumber("factor", factor);
                }

                if (module.Difference is { } difference)
                {
                    json.WriteString("lbdn_differs", difference);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void Numbers(Utf8JsonWriter json, string name, long[] values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }
}
