using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>Options of the gradient-ascent search for a lower bound on a network's Lipschitz constant.</summary>
/// <param name="Restarts">Number of input pairs optimised in parallel.</param>
/// <param name="Steps">Adam steps.</param>
/// <param name="LearningRate">Adam learning rate.</param>
/// <param name="Low">Lower end of the box the starting points are drawn from.</param>
/// <param name="High">Upper end of that box.</param>
/// <param name="Seed">Seed of the starting points.</param>
public sealed record EmpiricalLipschitzOptions(
    int Restarts = 64, int Steps = 300, double LearningRate = 0.01, double Low = -1.0, double High = 1.0, long Seed = 0);

/// <summary>
/// The empirical Lipschitz lower bound used by LBDN: maximise ||f(x + dx) - f(x)|| / ||dx|| over (x, dx) with Adam and
/// restarts. Every value returned is a quotient actually observed, so it never exceeds the true Lipschitz constant.
/// </summary>
public static class EmpiricalLipschitz
{
    /// <summary>The largest observed ||f(x + dx) - f(x)|| / ||dx|| for inputs of shape [batch, ..<paramref name="inputShape"/>].</summary>
    public static double LowerBound(nn.Module<Tensor, Tensor> network, long[] inputShape, EmpiricalLipschitzOptions? options = null)
    {
        options ??= new EmpiricalLipschitzOptions();
        var parameter = network.parameters().FirstOrDefault();
        var dtype = parameter?.dtype ?? ScalarType.Float32;
        var device = parameter?.device ?? CPU;
        var frozen = network.parameters().Where(p => p.requires_grad).ToList();
        frozen.ForEach(p => p.requires_grad = false);
        try
        {
            using var generator = new Generator((ulong)options.Seed, device);
            long[] shape = [options.Restarts, .. inputShape];
            using var x = new Parameter((torch.rand(shape, dtype: dtype, device: device, generator: generator) * (options.High - options.Low)) + options.Low);
            using var dx = new Parameter(torch.randn(shape, dtype: dtype, device: device, generator: generator) * 1e-1 * (options.High - options.Low));
            using var optimizer = optim.Adam([x, dx], options.LearningRate);
            var best = 0.0;
            for (var step = 0; step <= options.Steps; step++)
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();

                // q = ||f(x + dx) - f(x)|| / ||dx||, per pair.
                var difference = (network.call(x + dx) - network.call(x)).flatten(1).norm(1);
                var quotient = difference / dx.flatten(1).norm(1);
                best = Math.Max(best, quotient.max().ToDouble());
                if (step < options.Steps)
                {
                    (-quotient.sum()).backward();
                    optimizer.step();
                }
            }

            return best;
        }
        finally
        {
            frozen.ForEach(p => p.requires_grad = true);
        }
    }
}
