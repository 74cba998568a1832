namespace Lbdn.Inference;

/// <summary>Rejects inputs of the wrong size or with non-finite values, naming the problem.</summary>
internal static class InputCheck
{
    public static void Size(int actual, int expected, int[] shape, string parameter)
    {
        if (actual != expected)
        {
            throw new ArgumentException(
                $"Expected {expected} values (input shape [{string.Join(", ", shape)}]), got {actual}.", parameter);
        }
    }

    public static void Finite(ReadOnlySpan<float> input, int sampleSize, string parameter)
    {
        for (var i = 0; i < input.Length; i++)
        {
            if (!float.IsFinite(input[i]))
            {
                var what = float.IsNaN(input[i]) ? "NaN" : input[i] > 0 ? "+Infinity" : "-Infinity";
                var where = input.Length == sampleSize ? $"input[{i}]" : $"sample {i / sampleSize}, element {i % sampleSize}";
                throw new ArgumentException($"{where} is {what}; every input value must be finite.", parameter);
            }
        }
    }
}
