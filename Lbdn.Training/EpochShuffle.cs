namespace Lbdn.Training;

/// <summary>The sample order of an epoch: a Fisher-Yates permutation seeded by (seed, epoch), identical on every run.</summary>
public static class EpochShuffle
{
    /// <summary>A permutation of 0..count-1 for the given seed and 1-based epoch.</summary>
    public static long[] Permutation(long count, int seed, int epoch)
    {
        var random = new Random(EpochSeed(seed, epoch));
        var order = new long[count];
        for (long i = 0; i < count; i++)
        {
            order[i] = i;
        }

        for (var i = count - 1; i > 0; i--)
        {
            var j = random.NextInt64(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    /// <summary>The seed of one epoch, derived from the run's seed.</summary>
    public static int EpochSeed(int seed, int epoch) => unchecked(seed * 1_000_003 + epoch);
}
