using static TorchSharp.torch;

namespace Lbdn.Training;

/// <summary>Loss and accuracy of a model on a labelled set, without gradients.</summary>
public static class Evaluation
{
    /// <summary>
    /// Mean loss (batch losses weighted by batch size) and, for int64 class labels with outputs of shape (N, C),
    /// the accuracy mean(argmax_i z[n, i] == y_n).
    /// </summary>
    public static (double Loss, double? Accuracy) Evaluate(
        nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor targets, Func<Tensor, Tensor, Tensor> loss, int batchSize = 1024)
    {
        var count = inputs.shape[0];
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            double lossSum = 0;
            long correct = 0;
            var classification = targets.dtype == ScalarType.Int64;
            for (long start = 0; start < count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var length = Math.Min(batchSize, count - start);
                var x = inputs.narrow(0, start, length);
                var y = targets.narrow(0, start, length);
                var output = model.call(x);
                lossSum += loss(output, y).ToDouble() * length;
                if (classification && output.dim() == 2)
                {
                    correct += output.argmax(1).eq(y).sum().item<long>();
                }
                else
                {
                    classification = false;
                }
            }
            return (lossSum / count, classification ? (double)correct / count : null);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
