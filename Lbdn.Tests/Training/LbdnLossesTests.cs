using Lbdn.Training;
using static TorchSharp.torch;

namespace Lbdn.Tests.Training;

public sealed class LbdnLossesTests
{
    [Fact]
    public void Multi_margin_matches_the_hand_computed_hinge()
    {
        using var logits = tensor(new float[] { 1, 2, 0.5f, 0.2f, -1, 3 }, [2, 3]);
        using var labels = tensor(new long[] { 0, 2 });

        using var loss = LbdnLosses.MultiMargin(logits, labels);

        // sample 0: (max(0, .5-1+2) + max(0, .5-1+.5)) / 3 = 0.5; sample 1: every hinge is 0
        Assert.Equal(0.25, loss.item<float>(), 6);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(-0.25)]
    public void Multi_margin_equals_the_former_hand_written_hinge_in_value_and_gradient(double margin)
    {
        using var generator = new TorchSharp.torch.Generator(3);
        using var logits = randn([8, 10], dtype: ScalarType.Float64, generator: generator).requires_grad_();
        using var labels = randint(0, 10, [8], generator: generator);

        using var ours = LbdnLosses.MultiMargin(logits, labels, margin);
        using var gradient = autograd.grad([ours], [logits])[0];
        using var former = FormerMultiMargin(logits, labels, margin);
        using var formerGradient = autograd.grad([former], [logits])[0];

        Assert.Equal(former.item<double>(), ours.item<double>(), 14);
        Assert.True(gradient.allclose(formerGradient, rtol: 0, atol: 1e-14), "gradients differ");
    }

    [Fact]
    public void Offset_cross_entropy_matches_the_hand_computed_value()
    {
        using var logits = tensor(new float[] { 1, 2, 3, 0 }, [2, 2]);
        using var labels = tensor(new long[] { 1, 0 });

        using var loss = LbdnLosses.OffsetCrossEntropy(logits, labels);

        // s = (z - 1.5 sqrt 2 onehot(y)) / 0.25; CE = -s_y + log(sum exp s)
        var offset = 1.5 * Math.Sqrt(2);
        double CrossEntropy(double trueLogit, double otherLogit) =>
            -trueLogit / 0.25 + Math.Log(Math.Exp(trueLogit / 0.25) + Math.Exp(otherLogit / 0.25));
        var expected = (CrossEntropy(2 - offset, 1) + CrossEntropy(3 - offset, 0)) / 2;
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void Offset_cross_entropy_honours_offset_and_temperature()
    {
        using var logits = tensor(new float[] { 0.5f, -0.5f }, [1, 2]);
        using var labels = tensor(new long[] { 0 });

        using var loss = LbdnLosses.OffsetCrossEntropy(logits, labels, offset: 1, temperature: 2);

        // s = ((0.5 - 1) / 2, -0.5 / 2) = (-0.25, -0.25): CE = log 2
        Assert.Equal(Math.Log(2), loss.item<float>(), 6);
    }

    // The multi-margin loss as Lbdn wrote it by hand before multi_margin_loss: the i = y hinge, max(0, margin), is removed.
    private static Tensor FormerMultiMargin(Tensor logits, Tensor labels, double margin)
    {
        var hinge = (margin - logits.gather(1, labels.unsqueeze(1)) + logits).clamp_min(0);
        return ((hinge.sum(1) - Math.Max(0, margin)) / logits.shape[1]).mean();
    }
}
