using Lbdn.Layers;
using static TorchSharp.torch;

namespace Lbdn.Tests.Layers;

/// <summary>
/// Training mode computes the Cayley factors through one inverse (A = 2 M^-1 - I, B = -2 M^-1 W2) instead of solves;
/// every layer kind is the same function, with the same gradients, as in eval mode through the solved factors.
/// </summary>
public sealed class TrainingPathTests
{
    public static TheoryData<int, int, int, double> Shapes() => new()
    {
        { 12, 7, 3, 0.5 },    // fewer rows than inputs: B applied as -2 (H W2^T) M^-T
        { 6, 9, 40, 1.0 },    // more rows than inputs: B formed explicitly
        { 10, 10, 10, 4.0 },  // equal: explicit, large parameters
        { 30, 5, 2, 0.05 },   // tiny parameters
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Training_forward_equals_eval_forward_in_float64(int inFeatures, int outFeatures, int rows, double scale)
    {
        for (var seed = 0; seed < 10; seed++)
        {
            manual_seed(seed);
            using var layer = new SandwichLayer(inFeatures, outFeatures, Activation.ReLU, dtype: ScalarType.Float64);
            NetworkFactory.Randomise(layer, scale);
            using var x = randn(rows, inFeatures, dtype: ScalarType.Float64);

            layer.train();
            using var trained = layer.call(x);
            layer.eval();
            using var evaluated = layer.call(x);

            Assert.True((trained - evaluated).abs().max().ToDouble() < 1e-10, $"seed {seed}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Training_gradients_equal_the_gradients_through_the_solved_factors(int inFeatures, int outFeatures, int rows, double scale)
    {
        for (var seed = 0; seed < 10; seed++)
        {
            manual_seed(100 + seed);
            using var layer = new SandwichLayer(inFeatures, outFeatures, Activation.Tanh, dtype: ScalarType.Float64);
            NetworkFactory.Randomise(layer, scale);
            using var x = randn(rows, inFeatures, dtype: ScalarType.Float64);
            using var target = randn(rows, outFeatures, dtype: ScalarType.Float64);

            layer.train();
            var factored = Gradients(layer, () => layer.call(x), target);
            var solved = Gradients(layer, () => Reference(layer, x), target);

            foreach (var (f, s) in factored.Zip(solved))
            {
                Assert.True((f - s).abs().max().ToDouble() < 1e-9 * (1 + s.abs().max().ToDouble()), $"seed {seed}");
            }
        }
    }

    public static TheoryData<string> Kinds() => ["SandwichLinear", "OrthogonalNarrowing", "OrthogonalWidening", "SandwichConv", "SandwichConvStride2", "SandwichConvLinear", "OrthogonalConv", "SandwichLinearAB", "SandwichConvLinearAB"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_transform_layer_computes_the_same_function_in_training_and_eval_mode(string kind)
    {
        for (var seed = 0; seed < 8; seed++)
        {
            manual_seed(200 + seed);
            var (layer, input) = Layer(kind);
            using var _ = layer;
            NetworkFactory.Randomise(layer, new[] { 0.05, 0.5, 2.0, 6.0 }[seed % 4]);
            using var x = input;

            layer.train();
            using var trained = layer.call(x);
            layer.eval();
            using var evaluated = layer.call(x);

            Assert.True((trained - evaluated).abs().max().ToDouble() < 1e-10, $"{kind} seed {seed}");
        }
    }

    private static (nn.Module<Tensor, Tensor> Layer, Tensor Input) Layer(string kind)
    {
        const ScalarType f64 = ScalarType.Float64;
        return kind switch
        {
            "SandwichLinear" => (new SandwichLinear(9, 4, dtype: f64), randn(5, 9, dtype: f64)),
            "OrthogonalNarrowing" => (new OrthogonalLinear(10, 6, dtype: f64), randn(5, 10, dtype: f64)),
            "OrthogonalWidening" => (new OrthogonalLinear(6, 12, Activation.GroupSort, dtype: f64), randn(5, 6, dtype: f64)),
            "SandwichConv" => (new SandwichConv2d(2, 3, 6, dtype: f64), randn(3, 2, 6, 6, dtype: f64)),
            "SandwichConvStride2" => (new SandwichConv2d(2, 4, 8, kernel: 3, stride: 2, dtype: f64), randn(3, 2, 8, 8, dtype: f64)),
            "SandwichConvLinear" => (new SandwichConvLinear(3, 2, 4, kernel: 1, dtype: f64), randn(3, 3, 4, 4, dtype: f64)),
            "OrthogonalConv" => (new OrthogonalConv2d(2, 4, 6, dtype: f64), randn(3, 2, 6, 6, dtype: f64)),
            "SandwichLinearAB" => (new SandwichLinear(9, 4, SandwichForm.AB, dtype: f64), randn(5, 9, dtype: f64)),
            "SandwichConvLinearAB" => (new SandwichConvLinear(3, 2, 6, 3, 2, SandwichForm.AB, dtype: f64), randn(3, 3, 6, 6, dtype: f64)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    // h_out = sqrt(2) A^T Psi sigma(sqrt(2) Psi^-1 B h_in + b) with A, B from the solve-based Cayley transform.
    private static Tensor Reference(SandwichLayer layer, Tensor x)
    {
        var parameters = layer.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var weight = parameters["weight"];
        var (a, b) = Cayley.Transform(parameters["alpha"] * weight / weight.norm());
        var psi = parameters["psi"].exp();
        var z = (Math.Sqrt(2) * x.matmul(b.mT) / psi) + parameters["bias"];
        return Math.Sqrt(2) * (z.tanh() * psi).matmul(a);
    }

    private static Tensor[] Gradients(SandwichLayer layer, Func<Tensor> forward, Tensor target)
    {
        foreach (var parameter in layer.parameters())
        {
            parameter.grad = null;
        }

        forward().sub(target).square().sum().backward();
        return [.. layer.parameters().Select(p => p.grad!.clone())];
    }
}
