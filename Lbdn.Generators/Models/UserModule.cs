namespace Lbdn.Generators.Models;

/// <summary>What the generator needs to know about the type of a <c>[Layer(typeof(T))]</c>.</summary>
/// <param name="TypeName">Fully qualified name with <c>global::</c>.</param>
/// <param name="ShortName">The type's simple name, used as the layer kind.</param>
/// <param name="Bound">The value of its [LipschitzBound], or null when it has none.</param>
/// <param name="IsModule">Whether it derives from torch.nn.Module&lt;Tensor, Tensor&gt;.</param>
/// <param name="HasParameterlessConstructor">Whether <c>new T()</c> compiles: a public or internal constructor whose parameters are all optional.</param>
/// <param name="IsCertifiable">Whether it implements Lbdn.IFreezable and Lbdn.ILipschitzModule, which certification needs.</param>
/// <param name="IsNetwork">Whether T is itself a [LipschitzNet] declaration, constructed as <c>new T(device, dtype)</c>.</param>
public sealed record UserModule(
    string TypeName,
    string ShortName,
    double? Bound,
    bool IsModule,
    bool HasParameterlessConstructor,
    bool IsCertifiable,
    bool IsNetwork = false);
