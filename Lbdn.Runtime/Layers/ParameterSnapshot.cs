using static TorchSharp.torch;

namespace Lbdn.Layers;

/// <summary>Detached copies of tensors' values, to tell later whether any of them changed (shape, dtype, device or value).</summary>
internal sealed class ParameterSnapshot : IDisposable
{
    private readonly Tensor[] copies;

    /// <summary>Copies the current values of <paramref name="tensors"/>.</summary>
    public ParameterSnapshot(IEnumerable<Tensor> tensors)
    {
        using var _ = no_grad();
        copies = [.. tensors.Select(t => t.detach().clone().DetachFromDisposeScope())];
    }

    /// <summary>True when <paramref name="current"/> holds exactly the snapshot's tensors, value for value.</summary>
    public bool Matches(IReadOnlyList<Tensor> current)
    {
        if (current.Count != copies.Length)
        {
            return false;
        }

        for (var i = 0; i < current.Count; i++)
        {
            var (now, then) = (current[i], copies[i]);
            if (now.dtype != then.dtype || now.device_type != then.device_type || now.device_index != then.device_index || !now.shape.SequenceEqual(then.shape))
            {
                return false;
            }

            using var same = now.eq(then).all();
            if (!same.item<bool>())
            {
                return false;
            }
        }

        return true;
    }

    public void Dispose()
    {
        foreach (var copy in copies)
        {
            copy.Dispose();
        }
    }
}
