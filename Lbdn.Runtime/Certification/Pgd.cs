using static TorchSharp.torch;

namespace Lbdn.Certification;

/// <summary>Options of the L2 projected-gradient attack.</summary>
/// <param name="Steps">Gradient steps per restart.</param>
/// <param name="Restarts">Independent random starts in the ball.</param>
/// <param name="StepSize">Step length as a multiple of eps / steps (2.5 by default).</param>
/// <param name="Seed">Seed of the random starts.</param>
public sealed record PgdOptions(int Steps = 50, int Restarts = 3, double StepSize = 2.5, long Seed = 0);

/// <summary>
/// The L2 projected-gradient attack: from a random point of the ball, ascend the margin max_{i != y} z_i - z_y along the
/// normalised gradient and project back onto ||delta|| &lt;= eps; an input is broken when it is misclassified or any iterate changes its prediction.
/// </summary>
public static class Pgd
{
    /// <summary>True for each input for which a point of its eps-ball (the centre included) was found whose prediction differs from its label.</summary>
    public static bool[] Attack(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double eps, PgdOptions? options = null)
    {
        options ??= new PgdOptions();
        var count = inputs.shape[0];
        bool[] broken;
        using (no_grad())
        using (var clean = model.call(inputs).argmax(1).ne(labels))
        {
            broken = clean.cpu().data<bool>().ToArray();
        }

        using var generator = new Generator((ulong)options.Seed, inputs.device);
        for (var restart = 0; restart < options.Restarts; restart++)
        {
            using var scope = NewDisposeScope();
            var found = Restart(model, inputs, labels, eps, options, generator).cpu().data<bool>().ToArray();
            for (var i = 0; i < count; i++)
            {
                broken[i] |= found[i];
            }
        }

        return broken;
    }

    /// <summary>Fraction of inputs classified correctly at every point the attack tried: an upper bound on robust accuracy.</summary>
    public static double RobustAccuracy(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double eps, PgdOptions? options = null, int batchSize = 500)
    {
        long robust = 0;
        for (long start = 0; start < inputs.shape[0]; start += batchSize)
        {
            var length = Math.Min(batchSize, inputs.shape[0] - start);
            using var x = inputs.narrow(0, start, length);
            using var y = labels.narrow(0, start, length);
            robust += Attack(model, x, y, eps, options).Count(b => !b);
        }

        return (double)robust / inputs.shape[0];
    }

    private static Tensor Restart(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double eps, PgdOptions options, Generator generator)
    {
        var x = inputs.detach();
        var stepLength = options.StepSize * eps / options.Steps;
        var delta = Project(UniformInBall(x, eps, generator), eps);
        var broken = zeros(x.shape[0], dtype: ScalarType.Bool, device: x.device);
        for (var step = 0; step <= options.Steps; step++)
        {
            using var inner = NewDisposeScope();
            using var grad = enable_grad();
            var point = delta.detach().requires_grad_(true);
            var z = model.call(x + point);
            broken = (broken | z.argmax(1).ne(labels)).MoveToOuterDisposeScope();
            if (step == options.Steps)
            {
                break;
            }

            // margin = max_{i != y} z_i - z_y, ascended along g / ||g||.
            var trueLogit = z.gather(1, labels.unsqueeze(1)).squeeze(1);
            var others = z - (nn.functional.one_hot(labels, z.shape[1]).to_type(z.dtype) * 1e9);
            var margin = others.amax([1]) - trueLogit;
            var gradient = autograd.grad([margin.sum()], [point])[0];
            var norm = gradient.flatten(1).norm(1).clamp_min(1e-30).reshape([-1, .. Enumerable.Repeat(1L, (int)x.dim() - 1)]);
            delta = Project(point.detach() + (stepLength * gradient / norm), eps).MoveToOuterDisposeScope();
        }

        return broken;
    }

    // delta <- delta min(1, eps' / ||delta||), eps' a hair inside eps so rounding never leaves the ball.
    private static Tensor Project(Tensor delta, double eps)
    {
        var inside = eps * (1 - 1e-12);
        var norm = delta.flatten(1).norm(1).reshape([-1, .. Enumerable.Repeat(1L, (int)delta.dim() - 1)]);
        return delta * (inside / norm.clamp_min(1e-30)).clamp_max(1);
    }

    // Uniform in the ball: a Gaussian direction scaled to radius eps u^(1/d).
    private static Tensor UniformInBall(Tensor x, double eps, Generator generator)
    {
        var direction = randn(x.shape, dtype: x.dtype, device: x.device, generator: generator);
        var dimension = x[0].numel();
        var radius = rand([x.shape[0]], dtype: x.dtype, device: x.device, generator: generator).pow(1.0 / dimension) * eps;
        var shape = (long[])[-1, .. Enumerable.Repeat(1L, (int)x.dim() - 1)];
        return direction / direction.flatten(1).norm(1).reshape(shape) * radius.reshape(shape);
    }
}
