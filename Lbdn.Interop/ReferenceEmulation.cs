using System.Globalization;
using static TorchSharp.torch;

namespace Lbdn.Interop;

/// <summary>
/// Evaluates a network as the reference modules compute it: stages whose mapping is approximate run the reference's own
/// formula on the parameters placed there, the others their Lbdn forward (which is the reference's function).
/// </summary>
internal static class ReferenceEmulation
{
    /// <summary>
    /// max |emulated reference(input) - output| and one line per approximate stage saying what differs and how far its Lbdn
    /// output lies from the reference's on the same input; null when no stage of <paramref name="target"/> is approximate.
    /// </summary>
    public static (double Difference, IReadOnlyList<string> Notes)? Compare(nn.Module<Tensor, Tensor> target, Tensor input, Tensor output)
    {
        var stages = NetworkStages.All(target).ToList();
        if (!stages.Any(stage => ReferenceMappings.Find(stage) is IApproximateMapping))
        {
            return null;
        }

        var names = NetworkStages.Parameterised(target).ToDictionary(s => (object)s.Stage, s => s.Name, ReferenceEqualityComparer.Instance);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        target.eval();
        var x = input.to_type(target.parameters().First().dtype);
        var notes = new List<string>();
        foreach (var stage in stages)
        {
            if (ReferenceMappings.Find(stage) is { } mapping and IApproximateMapping approximate)
            {
                var reference = approximate.ReferenceForward(stage, x);
                var deviation = (stage.call(x) - reference).abs().max().ToDouble();
                var call = mapping.Layout(stage).Call;
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"stage '{names[stage]}' ({call}): {approximate.Difference(stage)}; max |Lbdn - reference| of this stage on the check batch = {deviation:G3}."));
                x = reference;
            }
            else
            {
                x = stage.call(x);
            }
        }

        return ((x.to_type(ScalarType.Float64) - output.to_type(ScalarType.Float64)).abs().max().ToDouble(), notes);
    }
}
