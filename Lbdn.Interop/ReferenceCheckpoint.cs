using System.Collections;
using System.Globalization;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// Imports checkpoints of the reference PyTorch implementation of LBDN (acfr/LBDN, <c>layer.py</c>) into Lbdn networks: every
/// reference parameter is re-arranged onto the Lbdn stage computing the same function (see the mappings), and the result is
/// checked on the batch stored beside the checkpoint when there is one.
/// </summary>
public static class ReferenceCheckpoint
{
    /// <summary>Largest accepted check-batch difference relative to 1 + max |reference output|, by the network's precision.</summary>
    public static double Tolerance(ScalarType dtype) => dtype == ScalarType.Float64 ? 1e-9 : 1e-4;

    /// <summary>Reads a PyTorch state_dict saved with <c>torch.save</c> (<c>.pth</c>, <c>.pt</c>) or as <c>.safetensors</c>.</summary>
    /// <exception cref="ReferenceCheckpointException">The file is missing, of another format, or not a state_dict of tensors.</exception>
    public static IReadOnlyDictionary<string, Tensor> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReferenceCheckpointException($"checkpoint '{path}' does not exist.");
        }

        try
        {
            return Path.GetExtension(path).ToLowerInvariant() switch
            {
                ".safetensors" => Safetensors.LoadStateDict(path),
                ".pth" or ".pt" or ".bin" => Tensors(PyTorchUnpickler.UnpickleStateDict(path), path),
                var other => throw new ReferenceCheckpointException($"checkpoint '{path}' has extension '{other}'; expected .pth, .pt or .safetensors."),
            };
        }
        catch (Exception e) when (e is not ReferenceCheckpointException)
        {
            throw new ReferenceCheckpointException($"checkpoint '{path}' is not a readable PyTorch state_dict: {e.Message}", e);
        }
    }

    /// <summary>The check batch stored beside <paramref name="checkpoint"/> (<c>NAME.check.pth</c> for <c>NAME.pth</c>), or null.</summary>
    public static string? CheckBatchPath(string checkpoint)
    {
        var extension = Path.GetExtension(checkpoint);
        var path = Path.ChangeExtension(checkpoint, ".check" + extension);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Reads <paramref name="checkpoint"/>, places it on <paramref name="target"/> and, when a check batch (keys <c>input</c>,
    /// <c>output</c>) lies beside it, verifies that the network reproduces the stored output.
    /// </summary>
    /// <exception cref="ReferenceCheckpointException">A parameter cannot be placed, or the check batch is not reproduced.</exception>
    public static ReferenceImport Import(nn.Module<Tensor, Tensor> target, string checkpoint)
    {
        var import = Import(target, Read(checkpoint));
        if (CheckBatchPath(checkpoint) is not { } checkPath)
        {
            return import;
        }

        var batch = Read(checkPath);
        if (!batch.TryGetValue("input", out var input) || !batch.TryGetValue("output", out var output))
        {
            throw new ReferenceCheckpointException($"check batch '{checkPath}' needs the keys 'input' and 'output', found: {string.Join(", ", batch.Keys)}.");
        }

        var difference = Difference(target, input, output);
        var dtype = target.parameters().First().dtype;
        var allowed = Tolerance(dtype) * (1 + output.abs().max().ToDouble());
        if (difference <= allowed)
        {
            return import with { CheckDifference = difference };
        }

        // Stages whose Lbdn formula differs from the reference's: the placement is verified with the reference's formula.
        var emulated = ReferenceEmulation.Compare(target, input, output);
        if (emulated is { } reference && reference.Difference <= allowed)
        {
            return import with { CheckDifference = difference, ReferenceFormulaDifference = reference.Difference, Differences = reference.Notes };
        }

        var also = emulated is { } e ? string.Create(CultureInfo.InvariantCulture, $" (by {e.Difference:G3} with the reference's own formulas)") : "";
        throw new ReferenceCheckMismatchException(string.Create(CultureInfo.InvariantCulture,
            $"the imported network differs from the reference output of '{checkPath}' by {difference:G3} > {allowed:G3}{also}; the checkpoint is probably of another architecture, activation or scale."));
    }

    /// <summary>
    /// Places the reference state_dict <paramref name="stateDict"/> on <paramref name="target"/>: its modules (grouped by key
    /// prefix, in natural order) go onto the stages with parameters, in forward order. Nothing is written unless every
    /// parameter fits.
    /// </summary>
    /// <exception cref="ReferenceCheckpointException">Names the first parameter that has no place or whose shape does not fit.</exception>
    public static ReferenceImport Import(nn.Module<Tensor, Tensor> target, IReadOnlyDictionary<string, Tensor> stateDict)
    {
        var stages = NetworkStages.Parameterised(target);
        var modules = ReferenceModules.Group(stateDict);
        var placements = new List<ReferencePlacement>();
        var values = new List<(nn.Module<Tensor, Tensor> Stage, Dictionary<string, Tensor> Parameters)>();
        for (var i = 0; i < Math.Max(stages.Count, modules.Count); i++)
        {
            if (i >= stages.Count)
            {
                var key = ReferenceModules.Key(modules[i].Prefix, modules[i].Parameters[0].Name);
                throw new ReferenceCheckpointException(
                    $"reference parameter '{key}' has no place: the network has {stages.Count} stages with parameters and the checkpoint {modules.Count} modules.");
            }

            var (name, stage) = stages[i];
            var layout = ReferenceMappings.For(stage, name).Layout(stage);
            if (i >= modules.Count)
            {
                throw new ReferenceCheckpointException(
                    $"the checkpoint ends before stage '{name}', which needs {layout.Call} with {Describe(layout.Parameters)}.");
            }

            var (prefix, parameters) = modules[i];
            values.Add((stage, ReferenceMappings.For(stage, name).ToLbdn(stage, Checked(prefix, parameters, layout, name))));
            placements.Add(new ReferencePlacement(prefix, name, layout.Call));
        }

        Assign(values);
        return new ReferenceImport(placements, null, null, []);
    }

    /// <summary>max |target(input) - output| in eval mode, computed in the network's precision.</summary>
    public static double Difference(nn.Module<Tensor, Tensor> target, Tensor input, Tensor output)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        target.eval();
        var dtype = target.parameters().First().dtype;
        var actual = target.call(input.to_type(dtype));
        if (!actual.shape.SequenceEqual(output.shape))
        {
            throw new ReferenceCheckpointException(
                $"the network maps the check input [{string.Join(", ", input.shape)}] to [{string.Join(", ", actual.shape)}] but the reference output is [{string.Join(", ", output.shape)}].");
        }

        return (actual.to_type(ScalarType.Float64) - output.to_type(ScalarType.Float64)).abs().max().ToDouble();
    }

    // The module's parameters by name after checking them in the reference's registration order, then any it does not have.
    private static Dictionary<string, Tensor> Checked(string prefix, IReadOnlyList<(string Name, Tensor Value)> parameters, ReferenceLayout layout, string stage)
    {
        var byName = parameters.ToDictionary(p => p.Name, p => p.Value);
        foreach (var expected in layout.Parameters)
        {
            var key = ReferenceModules.Key(prefix, expected.Name);
            if (!byName.TryGetValue(expected.Name, out var value))
            {
                if (expected.Lazy)
                {
                    continue;
                }

                throw new ReferenceCheckpointException(
                    $"the checkpoint lacks '{key}' {Shape(expected.Shape)}, which stage '{stage}' ({layout.Call}) needs.");
            }

            if (!expected.Fits(value.shape))
            {
                throw new ReferenceCheckpointException(
                    $"reference parameter '{key}' has shape {Shape(value.shape)} but stage '{stage}' needs {layout.Call}, whose '{expected.Name}' is {Shape(expected.Shape)}.");
            }

            if (!value.is_floating_point())
            {
                throw new ReferenceCheckpointException($"reference parameter '{key}' is {value.dtype}, not a floating-point tensor.");
            }
        }

        var stray = byName.Keys.Where(name => layout.Parameters.All(p => p.Name != name)).Order(StringComparer.Ordinal).FirstOrDefault();
        if (stray is not null)
        {
            throw new ReferenceCheckpointException(
                $"reference parameter '{ReferenceModules.Key(prefix, stray)}' does not belong on stage '{stage}', which needs {layout.Call} with {Describe(layout.Parameters)}.");
        }

        return byName.ToDictionary(p => p.Key, p => p.Value.to_type(ScalarType.Float64));
    }

    private static void Assign(List<(nn.Module<Tensor, Tensor> Stage, Dictionary<string, Tensor> Parameters)> values)
    {
        using var _ = no_grad();
        foreach (var (stage, parameters) in values)
        {
            foreach (var (name, parameter) in stage.named_parameters())
            {
                parameter.copy_(parameters[name].to_type(parameter.dtype));
            }
        }
    }

    private static Dictionary<string, Tensor> Tensors(Hashtable table, string path)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table)
        {
            result[(string)entry.Key] = entry.Value as Tensor
                ?? throw new ReferenceCheckpointException($"checkpoint '{path}' holds '{entry.Key}', which is not a tensor; save the model's state_dict().");
        }

        return result;
    }

    private static string Describe(IReadOnlyList<ReferenceParameter> parameters) =>
        string.Join(", ", parameters.Select(p => $"{p.Name} {Shape(p.Shape)}{(p.Lazy ? " (optional)" : "")}"));

    private static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";
}
