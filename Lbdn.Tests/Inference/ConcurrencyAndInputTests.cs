using Lbdn.Inference;
using Lbdn.Tests.Layers;

namespace Lbdn.Tests.Inference;

/// <summary>Concurrent predictions equal sequential ones; bad inputs and bad files fail with messages naming the problem.</summary>
public sealed class ConcurrencyAndInputTests
{
    [Fact]
    public void Eight_threads_predict_exactly_what_one_thread_predicts()
    {
        var (module, shape) = FreezableCatalog.Build("sandwich-conv-stride2", seed: 3, scale: 1.0);
        using var network = new Lbdn.Layers.LipschitzSequential(shape, module, new Lbdn.Layers.Flatten(), new Lbdn.Layers.SandwichLinear(4 * 4 * 4, 5));
        var model = InferenceModels.Load(network);
        using var inputs = FreezableCatalog.Inputs(shape, seed: 4);
        var samples = Enumerable.Range(0, 16).Select(s => InferenceModels.Row(inputs, s)).ToArray();
        var sequential = samples.Select(x => model.Predict(x)).ToArray();

        var concurrent = new Prediction[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
            concurrent[thread] = [.. Enumerable.Range(0, 50 * samples.Length).Select(i => model.Predict(samples[(i + thread) % samples.Length]))]);

        for (var thread = 0; thread < 8; thread++)
        {
            for (var i = 0; i < concurrent[thread].Length; i++)
            {
                var expected = sequential[(i + thread) % samples.Length];
                Assert.Equal(expected.Logits, concurrent[thread][i].Logits);
                Assert.Equal(expected.CertifiedRadius, concurrent[thread][i].CertifiedRadius);
                Assert.Equal(expected.Label, concurrent[thread][i].Label);
            }
        }
    }

    [Fact]
    public void NaN_infinite_and_wrongly_sized_inputs_throw_argument_exceptions_naming_the_problem()
    {
        var (module, shape) = FreezableCatalog.Build("sandwich", seed: 3, scale: 1.0);
        using var network = new Lbdn.Layers.LipschitzSequential(shape, module);
        var model = InferenceModels.Load(network);
        var x = new float[9];

        Assert.Contains("input[4] is NaN", Assert.Throws<ArgumentException>(() => model.Predict(With(x, 4, float.NaN))).Message);
        Assert.Contains("input[0] is +Infinity", Assert.Throws<ArgumentException>(() => model.Predict(With(x, 0, float.PositiveInfinity))).Message);
        Assert.Contains("Expected 9 values (input shape [9]), got 8", Assert.Throws<ArgumentException>(() => model.Predict(new float[8])).Message);
        Assert.Contains("sample 1, element 2 is -Infinity", Assert.Throws<ArgumentException>(() => model.PredictBatch([.. x, .. With(x, 2, float.NegativeInfinity)], 2)).Message);
        Assert.Contains("Expected 3 inputs of 9 values", Assert.Throws<ArgumentException>(() => model.PredictBatch(new float[18], 3)).Message);
    }

    [Fact]
    public void Truncated_and_corrupt_files_throw_invalid_data_exceptions_saying_what_is_wrong()
    {
        var (module, shape) = FreezableCatalog.Build("dense-clipped", seed: 3, scale: 1.0);
        using var network = new Lbdn.Layers.LipschitzSequential(shape, module);
        using var stream = new MemoryStream();
        Lbdn.Export.FrozenModelWriter.Create(network, "Test").Write(stream);
        var bytes = stream.ToArray();

        Assert.Contains("shorter than the 8-byte", Load(bytes[..5]).Message);
        Assert.Contains("ends inside its", Load(bytes[..40]).Message);
        Assert.Contains("truncated", Load(bytes[..^8]).Message);
        var corrupt = (byte[])bytes.Clone();
        corrupt[8] = (byte)'#';
        Assert.Contains("not valid JSON", Load(corrupt).Message);
        var huge = (byte[])bytes.Clone();
        huge[7] = 0x7f;
        Assert.Contains("header length", Load(huge).Message);
        Assert.Contains("format", Load(System.Text.Encoding.UTF8.GetBytes("{\"__metadata__\":{\"format\":\"other\"}}") is var h ? [.. BitConverter.GetBytes((long)h.Length), .. h] : []).Message);
    }

    private static float[] With(float[] x, int index, float value)
    {
        var copy = (float[])x.Clone();
        copy[index] = value;
        return copy;
    }

    private static InvalidDataException Load(byte[] bytes) => Assert.Throws<InvalidDataException>(() => LbdnModel.Load(new MemoryStream(bytes)));
}
