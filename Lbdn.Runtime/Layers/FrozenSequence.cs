using TorchSharp;
using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Frozen inference modules run in order; <see cref="FrozenNetwork"/> flattens and fuses these.</summary>
public sealed class FrozenSequence : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> steps;

    /// <summary>Runs <paramref name="steps"/> in order.</summary>
    public FrozenSequence(params nn.Module<Tensor, Tensor>[] steps) : base(nameof(FrozenSequence))
    {
        this.steps = nn.ModuleList(steps);
        RegisterComponents();
    }

    /// <summary>The steps in order.</summary>
    public IReadOnlyList<nn.Module<Tensor, Tensor>> Steps => [.. steps];

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var x = input;
        foreach (var step in steps)
        {
            var next = step.call(x);
            if (!ReferenceEquals(x, input))
            {
                x.Dispose();
            }

            x = next;
        }

        return ReferenceEquals(x, input) ? x.alias() : x;
    }
}
