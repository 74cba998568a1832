using System.Globalization;
using Lbdn.Generators.Diagnostics;
using Lbdn.Generators.Models;
using Lbdn.Generators.Rules;
using Lbdn.Rules;
using static System.FormattableString;

namespace Lbdn.Generators.Verification;

/// <summary>
/// One layer being checked: the shape functions, bounds and argument checks that the entries of
/// <see cref="LayerRuleTable"/> compose, each adding its findings.
/// </summary>
internal sealed class LayerContext(LayerRule rule, LayerModel layer, string description, Shape? input, bool imageNetwork, List<Finding> findings)
{
    private int Index => layer.AttributeIndex;

    /// <summary>The shape received, or null when unknown.</summary>
    public Shape? Input => input;

    /// <summary>A dense layer's output: a vector of the declared width.</summary>
    public Shape? Vector()
    {
        var valid = PositiveSize("the output width");
        if (input is { IsImage: true })
        {
            ShapeMismatch(DiagnosticTarget.Attribute(Index), "a dense layer needs a vector; add [Flatten] before it");
            return null;
        }

        return valid ? Shape.Vector(layer.Size) : null;
    }

    /// <summary>A dense residual layer's output: the vector it receives; its size counts the inner neurons.</summary>
    public Shape? Residual()
    {
        var valid = PositiveSize("the number of inner neurons");
        if (input is { IsImage: true })
        {
            ShapeMismatch(DiagnosticTarget.Attribute(Index), "a dense residual layer needs a vector; add [Flatten] before it");
            return null;
        }

        return valid ? input : null;
    }

    /// <summary>
    /// A zero-padded stride-1 convolution's output, on any image size: the image it receives (<paramref name="keepsShape"/>,
    /// the residual SLL form) or the declared channels at the same height and width.
    /// </summary>
    public Shape? ZeroPadded(bool keepsShape)
    {
        var valid = PositiveSize(keepsShape ? "the number of inner channels" : "the number of output channels");
        valid &= KernelIsValid();

        if (input is { IsImage: false })
        {
            NotAnImage("a convolution");
            return null;
        }

        return !valid || input is null ? null : keepsShape ? input : Shape.Image(layer.Size, input.Height, input.Width);
    }

    /// <summary>A circular Fourier convolution's output, by the rules of Lbdn.Dsl's <see cref="ConvolutionRules"/>.</summary>
    public Shape? Convolution()
    {
        var valid = PositiveSize("the number of output channels");
        valid &= KernelIsValid();

        if (!ConvolutionRules.IsValidStride(layer.Stride))
        {
            ShapeMismatch(Property(nameof(SandwichConvAttribute.Stride)), Invariant($"the stride must be 1 or 2, not {layer.Stride}"));
            return null;
        }

        if (input is null)
        {
            return null;
        }

        if (!input.IsImage)
        {
            NotAnImage("a convolution");
            return null;
        }

        if (input.Height != input.Width)
        {
            ShapeMismatch(DiagnosticTarget.Attribute(Index), "a circular convolution needs a square image");
            return null;
        }

        if (!ConvolutionRules.IsValidSize(input.Height))
        {
            ShapeMismatch(DiagnosticTarget.Attribute(Index), "a Fourier convolution needs an even image size; pad or pool the input");
            return null;
        }

        var workingSize = ConvolutionRules.WorkingSize(input.Height, layer.Stride);
        if (valid && !ConvolutionRules.KernelFits(layer.Kernel, layer.Stride, input.Height))
        {
            ShapeMismatch(Property(nameof(SandwichConvAttribute.Kernel)), Invariant($"kernel {layer.Kernel} is larger than the {workingSize} x {workingSize} image it runs on"));
            return null;
        }

        return valid ? Shape.Image(layer.Size, workingSize, workingSize) : null;
    }

    /// <summary>Non-overlapping average pooling's output: the image with height and width divided by the window.</summary>
    public Shape? Pooled()
    {
        if (layer.Size <= 0)
        {
            ShapeMismatch(Argument(), Invariant($"the pooling window must be positive, not {layer.Size}"));
            return null;
        }

        if (input is null)
        {
            return null;
        }

        if (!input.IsImage)
        {
            NotAnImage("average pooling");
            return null;
        }

        if (input.Height % layer.Size != 0 || input.Width % layer.Size != 0)
        {
            ShapeMismatch(Argument(), Invariant($"the window {layer.Size} does not divide the image size {input.Height} x {input.Width}"));
            return null;
        }

        return Shape.Image(input.Channels, input.Height / layer.Size, input.Width / layer.Size);
    }

    /// <summary>k x k average pooling's l2 bound, 1/k; none for a window that is not positive (reported by <see cref="Pooled"/>).</summary>
    public double? PoolBound() => layer.Size > 0 ? 1.0 / layer.Size : null;

    /// <summary>[Flatten]'s output: a vector of every element received.</summary>
    public Shape? Flattened() => input is null ? null : Shape.Vector(input.Elements);

    /// <summary>A user module's output: its declared OutputShape, or the shape it receives when undeclared (LBDN010).</summary>
    public Shape? UserOutput()
    {
        if (layer.OutputShape is not { } declared)
        {
            return input;
        }

        var shape = new Shape(declared.Select(d => (long)d).ToEquatableArray());
        if (declared.Count is not (1 or 3) || declared.Any(d => d <= 0))
        {
            ShapeMismatch(Property(nameof(LayerAttribute.OutputShape)), Invariant($"OutputShape {shape} must be [features] or [channels, height, width] with positive sizes"));
            return null;
        }

        return shape;
    }

    /// <summary>A dense layer's bound: its MaxNorm.</summary>
    public double? MaxNorm() => PositiveBound(Property(nameof(DenseAttribute.MaxNorm)), layer.Factor, nameof(DenseAttribute.MaxNorm));

    /// <summary>A scale's bound: the factor's absolute value.</summary>
    public double? ScaleFactor() => PositiveBound(Argument(), Math.Abs(layer.Factor), "the factor's absolute value");

    /// <summary>A user module's bound: its [LipschitzBound], when it is a module that can be constructed.</summary>
    public double? UserBound()
    {
        var module = layer.Module!;
        var target = Argument();
        if (!module.IsModule)
        {
            Unprovable(target, Invariant($"'{module.ShortName}' is not a torch.nn.Module<Tensor, Tensor>"));
            return null;
        }

        if (!module.HasParameterlessConstructor)
        {
            Unprovable(target, Invariant($"'{module.ShortName}' needs a non-abstract, non-generic type with a public constructor whose parameters are all optional"));
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

    /// <summary>[SandwichLinear]'s Form must be a member of Lbdn.SandwichForm.</summary>
    public void CheckForm()
    {
        if (layer.Form is not (SandwichForm.B or SandwichForm.AB))
        {
            Unprovable(Property(nameof(SandwichLinearAttribute.Form)), Invariant($"Form = {(int)layer.Form} is not a member of Lbdn.SandwichForm; use SandwichForm.B or SandwichForm.AB"));
        }
    }

    /// <summary>Checks the activation against what the rule's proof allows and the output width it sorts (Lbdn.Dsl's <see cref="ActivationRules"/>).</summary>
    public void CheckActivation(Shape? output)
    {
        if (rule.Activations == ActivationSupport.None)
        {
            return;
        }

        var target = Property(nameof(SandwichAttribute.Activation));
        var activation = layer.Activation;
        var name = activation.ToString();
        if (!ActivationRules.IsDefined(activation))
        {
            ActivationNotAllowed(target, name, "it is not a member of Lbdn.Activation");
        }
        else if (rule.Activations == ActivationSupport.SlopeRestricted && ActivationRules.IsSorting(activation))
        {
            ActivationNotAllowed(target, name, rule.SortingAdvice);
        }
        else if (output is not null && !ActivationRules.AcceptsWidth(activation, output.Channels))
        {
            ActivationNotAllowed(target, name, activation == Activation.MaxMin
                ? Invariant($"MaxMin sorts pairs of neurons and needs an even width, not {output.Channels}")
                : Invariant($"GroupSort sorts groups of {ActivationRules.GroupSize} neurons and needs a width divisible by {ActivationRules.GroupSize}, not {output.Channels}"));
        }
    }

    /// <summary>Reports weights that no tensor can hold (LBDN013).</summary>
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
        findings.Add(Finding.Of(
            DiagnosticDescriptors.TooLarge,
            Argument(),
            description,
            input.ToString(),
            total.ToString(CultureInfo.InvariantCulture),
            "[" + string.Join(", ", largest.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]",
            ParameterCount.Elements(largest).ToString(CultureInfo.InvariantCulture),
            ParameterCount.MaxTensorElements.ToString(CultureInfo.InvariantCulture)));
    }

    // The kernel of a convolution, odd and positive (Lbdn.Dsl's ConvolutionRules); reported on its Kernel property.
    private bool KernelIsValid()
    {
        if (ConvolutionRules.IsValidKernel(layer.Kernel))
        {
            return true;
        }

        ShapeMismatch(Property(nameof(SandwichConvAttribute.Kernel)), Invariant($"the kernel must be odd and positive, not {layer.Kernel}"));
        return false;
    }

    private void NotAnImage(string what) =>
        ShapeMismatch(DiagnosticTarget.Attribute(Index), what + " needs an image (channels, height, width); " + ImageAdvice());

    // By cause: a vector network never had an image; an image network lost it to [Flatten], a dense layer or a [Layer].
    private string ImageAdvice() => imageNetwork
        ? "an earlier [Flatten], dense layer or [Layer] turned the image into a vector; move this layer before it"
        : "the network's [Input] declares a vector; declare [Input(channels, height, width)] for images";

    // The attribute's constructor argument, named as in Lbdn.Dsl ("features", "channels", "kernel", "factor", "module").
    private DiagnosticTarget Argument() => DiagnosticTarget.Constructor(Index, 0, rule.ArgumentName!);

    private DiagnosticTarget Property(string name) => DiagnosticTarget.Property(Index, name);

    private bool PositiveSize(string what)
    {
        if (layer.Size > 0)
        {
            return true;
        }

        ShapeMismatch(Argument(), Invariant($"{what} must be positive, not {layer.Size}"));
        return false;
    }

    private double? PositiveBound(DiagnosticTarget target, double bound, string what)
    {
        if (bound > 0 && !double.IsInfinity(bound))
        {
            return bound;
        }

        Unprovable(target, Invariant($"{what} is {bound.ToString("R", CultureInfo.InvariantCulture)}; it must be positive and finite"));
        return null;
    }

    private void ShapeMismatch(DiagnosticTarget target, string reason) =>
        findings.Add(Finding.Of(DiagnosticDescriptors.ShapeMismatch, target, description, input?.ToString() ?? "(unknown)", reason));

    private void Unprovable(DiagnosticTarget target, string reason) =>
        findings.Add(Finding.Of(DiagnosticDescriptors.UnprovableLayer, target, description, reason));

    private void ActivationNotAllowed(DiagnosticTarget target, string name, string reason) =>
        findings.Add(Finding.Of(DiagnosticDescriptors.ActivationNotAllowed, target, description, name, reason));
}
