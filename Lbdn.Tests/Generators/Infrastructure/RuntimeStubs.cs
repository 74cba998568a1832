namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>
/// Minimal declarations of the runtime types the generated code uses, with the signatures of docs/architecture.md,
/// so generated code can be compiled before Lbdn.Runtime provides them.
/// </summary>
internal static class RuntimeStubs
{
    public const string Source = """
        namespace Lbdn
        {
            using System.Collections.Generic;
            using TorchSharp;
            using static TorchSharp.torch;

            public interface ILipschitzModule { double LipschitzBound { get; } }
            public interface IFreezable { nn.Module<Tensor, Tensor> Freeze(); }
            public interface ILipschitzNetwork : ILipschitzModule
            {
                IReadOnlyList<nn.Module<Tensor, Tensor>> Stages { get; }
                long[] InputShape { get; }
            }
            public sealed record LayerDescription(string Name, string Kind, long[] InputShape, long[] OutputShape, double Bound);
        }

        namespace Lbdn.Layers
        {
            using TorchSharp;
            using static TorchSharp.torch;

            public abstract class StubLayer(string name) : nn.Module<Tensor, Tensor>(name), ILipschitzModule, IFreezable
            {
                public double LipschitzBound => 1.0;
                public nn.Module<Tensor, Tensor> Freeze() => this;
                public override Tensor forward(Tensor input) => input;
            }
            public sealed class SandwichLayer(long inFeatures, long outFeatures, Activation activation, Device? device = null, ScalarType dtype = ScalarType.Float32) : StubLayer("sandwich");
            public sealed class SandwichLinear(long inFeatures, long outFeatures, Device? device = null, ScalarType dtype = ScalarType.Float32) : StubLayer("sandwich_linear");
            public sealed class SandwichConv2d(long inChannels, long outChannels, long size, long kernel, long stride, Activation activation, Device? device = null, ScalarType dtype = ScalarType.Float32) : StubLayer("sandwich_conv");
            public sealed class OrthogonalConv2d(long inChannels, long outChannels, long size, long kernel, long stride, Activation activation, Device? device = null, ScalarType dtype = ScalarType.Float32) : StubLayer("orthogonal_conv");
            public sealed class OrthogonalLinear(long inFeatures, long outFeatures, Activation activation, Device? device = null, ScalarType dtype = ScalarType.Float32) : StubLayer("orthogonal");
            public sealed class DenseLayer(long inFeatures, long outFeatures, double maxNorm, Activation activation, Device? device = null, ScalarType dtype = ScalarType.Float32) : StubLayer("dense");
            public sealed class Flatten() : StubLayer("flatten");
            public sealed class AvgPool(long kernel) : StubLayer("avg_pool");
            public sealed class LipschitzScale(double factor) : StubLayer("scale");
            public sealed class FrozenNetwork(double bound) : StubLayer("frozen")
            {
                public static FrozenNetwork From(double bound, long[] inputShape, params nn.Module<Tensor, Tensor>[] stages) => new(bound);
            }
        }
        """;
}
