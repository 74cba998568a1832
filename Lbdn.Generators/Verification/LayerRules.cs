using System.Globalization;
using Lbdn.Generators.Diagnostics;
using Lbdn.Generators.Models;
using static System.FormattableString;

namespace Lbdn.Generators.Verification;

/// <summary>The shape, bound and activation rules of each layer kind.</summary>
internal static class LayerRules
{
    /// <summary>
    /// Checks <paramref name="layer"/>, number <paramref name="number"/> (1-based), receiving <paramref name="input"/> (null
    /// when unknown) in a network whose [Input] declares an image when <paramref name="imageNetwork"/>.
    /// </summary>
    public static LayerCheck Check(LayerModel layer, int number, Shape? input, bool imageNetwork)
    {
        var findings = new List<Finding>();
        var context = new Context(layer, Describe(layer, number), input, imageNetwork, findings);
        var (output, bound) = layer.Kind switch
        {
            LayerKind.Sandwich or LayerKind.SandwichLinear or LayerKind.Orthogonal or LayerKind.Aol => (context.Dense("features"), 1.0),
            LayerKind.Dense => (context.Dense("features"), context.MaxNorm()),
            LayerKind.Sll => (context.Residual("inner"), 1.0),
            LayerKind.SllConv => (context.ZeroPadded("inner", keepsShape: true), 1.0),
            LayerKind.AolConv => (context.ZeroPadded("channels", keepsShape: false), 1.0),
            LayerKind.SandwichConv or LayerKind.OrthogonalConv => (context.Convolution(), 1.0),
            LayerKind.AvgPool => context.AvgPool(),
            LayerKind.Flatten => (input is null ? null : Shape.Vector(input.Elements), 1.0),
            LayerKind.Scale => (input, context.ScaleFactor()),
            LayerKind.User => (context.UserOutput(), context.UserBound()),
            _ => (input, context.Unknown()),
        };

        context.CheckActivation(output);
        context.CheckAllocation(output);
        context.CheckForm();
        return new LayerCheck(output, bound, findings);
    }

    /// <summary>"layer 2 ([SandwichConv])".</summary>
    public static string Describe(LayerModel layer, int number)
    {
        var attribute = layer.AttributeName.EndsWith("Attribute", StringComparison.Ordinal)
            ? layer.AttributeName.Substring(0, layer.AttributeName.Length - "Attribute".Length)
            : layer.AttributeName;
        return string.Format(CultureInfo.InvariantCulture, "layer {0} ([{1}])", number, attribute);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static bool IsPositiveFinite(double value) => value > 0 && !double.IsInfinity(value);

    private sealed class Context(LayerModel layer, string description, Shape? input, bool imageNetwork, List<Finding> findings)
    {
        private int Index => layer.AttributeIndex;

        public Shape? Dense(string parameterName)
        {
            var valid = PositiveSize(parameterName, "the output width");
            if (input is { IsImage: true })
            {
                Shape(DiagnosticTarget.Attribute(Index), "a dense layer needs a vector; add [Flatten] before it");
                return null;
            }

            return valid ? Verification.Shape.Vector(layer.Size) : null;
        }

        // A residual layer keeps its input vector; its size is the number of neurons.
        public Shape? Residual(string parameterName)
        {
            var valid = PositiveSize(parameterName, "the number of neurons");
            if (input is { IsImage: true })
            {
                Shape(DiagnosticTarget.Attribute(Index), "a dense residual layer needs a vector; add [Flatten] before it");
                return null;
            }

            return valid ? input : null;
        }

        // A zero-padded stride-1 convolution runs on any image size; the residual SLL form keeps its input shape.
        public Shape? ZeroPadded(string parameterName, bool keepsShape)
        {
            var valid = PositiveSize(parameterName, keepsShape ? "the number of neuron channels" : "the number of output channels");
            if (layer.Kernel <= 0 || layer.Kernel % 2 == 0)
            {
                Shape(DiagnosticTarget.Property(Index, "Kernel"), Invariant($"the kernel must be odd and positive, not {layer.Kernel}"));
                valid = false;
            }

            if (input is { IsImage: false })
            {
                Shape(DiagnosticTarget.Attribute(Index), "a convolution needs an image (channels, height, width); " + ImageAdvice());
                return null;
            }

            return !valid || input is null ? null : keepsShape ? input : Verification.Shape.Image(layer.Size, input.Height, input.Width);
        }

        public Shape? Convolution()
        {
            var valid = PositiveSize("channels", "the number of output channels");
            if (layer.Kernel <= 0 || layer.Kernel % 2 == 0)
            {
                Shape(DiagnosticTarget.Property(Index, "Kernel"), Invariant($"the kernel must be odd and positive, not {layer.Kernel}"));
                valid = false;
            }

            if (layer.Stride is not (1 or 2))
            {
                Shape(DiagnosticTarget.Property(Index, "Stride"), Invariant($"the stride must be 1 or 2, not {layer.Stride}"));
                return null;
            }

            if (input is null)
            {
                return null;
            }

            if (!input.IsImage)
            {
                Shape(DiagnosticTarget.Attribute(Index), "a convolution needs an image (channels, height, width); " + ImageAdvice());
                return null;
            }

            if (input.Height != input.Width)
            {
                Shape(DiagnosticTarget.Attribute(Index), "a circular convolution needs a square image");
                return null;
            }

            if (input.Height % 2 != 0)
            {
                Shape(DiagnosticTarget.Attribute(Index), "a Fourier convolution needs an even image size; pad or pool the input");
                return null;
            }

            var workingSize = input.Height / layer.Stride;
            // Stride 2 runs on the space-to-depth image with the kernel shrunk to the largest odd size not above ceil(k / 2).
            var workingKernel = layer.Stride == 2 ? (((layer.Kernel + 1) / 2) - 1) | 1 : layer.Kernel;
            if (valid && workingKernel > workingSize)
            {
                Shape(DiagnosticTarget.Property(Index, "Kernel"), Invariant($"kernel {layer.Kernel} is larger than the {workingSize} x {workingSize} image it runs on"));
                return null;
            }

            return valid ? Verification.Shape.Image(layer.Size, input.Height / layer.Stride, input.Width / layer.Stride) : null;
        }

        public (Shape? Output, double? Bound) AvgPool()
        {
            var target = DiagnosticTarget.Constructor(Index, 0, "kernel");
            if (layer.Size <= 0)
            {
                Shape(target, Invariant($"the pooling window must be positive, not {layer.Size}"));
                return (null, null);
            }

            var bound = 1.0 / layer.Size;
            if (input is null)
            {
                return (null, bound);
            }

            if (!input.IsImage)
            {
                Shape(DiagnosticTarget.Attribute(Index), "average pooling needs an image (channels, height, width); " + ImageAdvice());
                return (null, bound);
            }

            if (input.Height % layer.Size != 0 || input.Width % layer.Size != 0)
            {
                Shape(target, Invariant($"the window {layer.Size} does not divide the image size {input.Height} x {input.Width}"));
                return (null, bound);
            }

            return (Verification.Shape.Image(input.Channels, input.Height / layer.Size, input.Width / layer.Size), bound);
        }

        // By cause: a vector network never had an image; an image network lost it to [Flatten], a dense layer or a [Layer].
        private string ImageAdvice() => imageNetwork
            ? "an earlier [Flatten], dense layer or [Layer] turned the image into a vector; move this layer before it"
            : "the network's [Input] declares a vector; declare [Input(channels, height, width)] for images";

        public Shape? UserOutput()
        {
            // Undeclared: assumed to keep the shape it receives (LBDN010 says so where a later stage depends on it).
            if (layer.OutputShape is not { } declared)
            {
                return input;
            }

            var shape = new Shape(declared.Select(d => (long)d).ToEquatableArray());
            if (declared.Count is not (1 or 3) || declared.Any(d => d <= 0))
            {
                Shape(DiagnosticTarget.Property(Index, "OutputShape"), Invariant($"OutputShape {shape} must be [features] or [channels, height, width] with positive sizes"));
                return null;
            }

            return shape;
        }

        public double? MaxNorm() => PositiveBound(DiagnosticTarget.Property(Index, "MaxNorm"), layer.Factor, "MaxNorm");

        public double? ScaleFactor()
        {
            var bound = Math.Abs(layer.Factor);
            return PositiveBound(DiagnosticTarget.Constructor(Index, 0, "factor"), bound, "the factor's absolute value");
        }

        public double? UserBound()
        {
            var module = layer.Module!;
            var target = DiagnosticTarget.Constructor(Index, 0, "module");
            if (!module.IsModule)
            {
                Unprovable(target, Invariant($"'{module.ShortName}' is not a torch.nn.Module<Tensor, Tensor>"));
                return null;
            }

            if (!module.HasParameterlessConstructor)
            {
                Unprovable(target, Invariant($"'{module.ShortName}' needs a non-abstract, non-generic type with a public constructor taking no arguments"));
                return null;
            }

            if (module.Bound is not { } bound)
            {
                Unprovable(target, Invariant($"add [LipschitzBound(c)] to '{module.ShortName}' with a proven bound c"));
                return null;
            }

            if (!module.IsCertifiable)
            {
                findings.Add(Finding.Of(DiagnosticDescriptors.NotCertifiable, target, description, module.ShortName));
            }

            return PositiveBound(target, bound, Invariant($"the [LipschitzBound] of '{module.ShortName}'"));
        }

        public double? Unknown()
        {
            Unprovable(DiagnosticTarget.Attribute(Index), Invariant($"Lbdn does not know '{layer.AttributeName}'; use a built-in layer or [Layer(typeof(T))] with [LipschitzBound] on T"));
            return null;
        }

        public void CheckActivation(Shape? output)
        {
            if (layer.Kind is not (LayerKind.Sandwich or LayerKind.SandwichConv or LayerKind.Orthogonal or LayerKind.OrthogonalConv or LayerKind.Dense or LayerKind.Aol or LayerKind.Sll or LayerKind.SllConv or LayerKind.AolConv))
            {
                return;
            }

            var target = DiagnosticTarget.Property(Index, "Activation");
            var name = Activations.NameOf(layer.Activation);
            if (!Activations.IsDefined(layer.Activation))
            {
                Activation(target, name, "it is not a member of Lbdn.Activation");
            }
            else if (layer.Kind is LayerKind.Sll or LayerKind.SllConv && Activations.IsSorting(layer.Activation))
            {
                Activation(target, name, "an SLL layer needs an elementwise activation with slope in [0, 1]; use ReLU");
            }
            else if (layer.Kind is LayerKind.Sandwich or LayerKind.SandwichConv && Activations.IsSorting(layer.Activation))
            {
                Activation(target, name, "a sandwich layer needs an elementwise activation with slope in [0, 1]; use ReLU, or an [Orthogonal] layer for MaxMin/GroupSort");
            }
            else if (layer.Activation == Activations.MaxMin && output is not null && output.Channels % 2 != 0)
            {
                Activation(target, name, Invariant($"MaxMin sorts pairs of neurons and needs an even width, not {output.Channels}"));
            }
            else if (layer.Activation == Activations.GroupSort && output is not null && output.Channels % Activations.GroupSize != 0)
            {
                Activation(target, name, Invariant($"GroupSort sorts groups of {Activations.GroupSize} neurons and needs a width divisible by {Activations.GroupSize}, not {output.Channels}"));
            }
        }

        public void CheckAllocation(Shape? output)
        {
            if (input is null || output is null)
            {
                return;
            }

            var tensors = ParameterCount.Tensors(layer, input);
            if (tensors.Count == 0)
            {
                return;
            }

            var largest = tensors.OrderByDescending(ParameterCount.Elements).First();
            if (ParameterCount.Elements(largest) <= ParameterCount.MaxTensorElements)
            {
                return;
            }

            var total = tensors.Aggregate(System.Numerics.BigInteger.Zero, (sum, t) => sum + ParameterCount.Elements(t));
            var parameterName = layer.Kind is LayerKind.SandwichConv or LayerKind.OrthogonalConv ? "channels" : "features";
            findings.Add(Finding.Of(
                DiagnosticDescriptors.TooLarge,
                DiagnosticTarget.Constructor(Index, 0, parameterName),
                description,
                input.ToString(),
                total.ToString(CultureInfo.InvariantCulture),
                "[" + string.Join(", ", largest.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]",
                ParameterCount.Elements(largest).ToString(CultureInfo.InvariantCulture),
                ParameterCount.MaxTensorElements.ToString(CultureInfo.InvariantCulture)));
        }

        public void CheckForm()
        {
            if (layer.Kind == LayerKind.SandwichLinear && layer.Form is not (0 or 1))
            {
                Unprovable(DiagnosticTarget.Property(Index, "Form"), Invariant($"Form = {layer.Form} is not a member of Lbdn.SandwichForm; use SandwichForm.B or SandwichForm.AB"));
            }
        }

        private bool PositiveSize(string parameterName, string what)
        {
            if (layer.Size > 0)
            {
                return true;
            }

            Shape(DiagnosticTarget.Constructor(Index, 0, parameterName), Invariant($"{what} must be positive, not {layer.Size}"));
            return false;
        }

        private double? PositiveBound(DiagnosticTarget target, double bound, string what)
        {
            if (IsPositiveFinite(bound))
            {
                return bound;
            }

            Unprovable(target, Invariant($"{what} is {Format(bound)}; it must be positive and finite"));
            return null;
        }

        private void Shape(DiagnosticTarget target, string reason) =>
            findings.Add(Finding.Of(DiagnosticDescriptors.ShapeMismatch, target, description, input?.ToString() ?? "(unknown)", reason));

        private void Unprovable(DiagnosticTarget target, string reason) =>
            findings.Add(Finding.Of(DiagnosticDescriptors.UnprovableLayer, target, description, reason));

        private void Activation(DiagnosticTarget target, string name, string reason) =>
            findings.Add(Finding.Of(DiagnosticDescriptors.ActivationNotAllowed, target, description, name, reason));
    }
}
