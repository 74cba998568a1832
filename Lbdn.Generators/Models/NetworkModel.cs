namespace Lbdn.Generators.Models;

/// <summary>A [LipschitzNet] class as declared: plain equatable values, no symbols or syntax.</summary>
/// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
/// <param name="ContainingTypes">Enclosing types, outermost first.</param>
/// <param name="Type">The network class.</param>
/// <param name="IsPartial">Whether the class and every enclosing type are partial, and the class is neither static nor a record nor derived from another base.</param>
/// <param name="IsMalformed">Whether some attribute failed to bind; the compiler reports those and Lbdn stays silent.</param>
/// <param name="NetAttributeIndex">Position of [LipschitzNet] among the class's attributes.</param>
/// <param name="Gamma">The requested bound.</param>
/// <param name="AutoScale">Whether input and output scales are injected.</param>
/// <param name="Inputs">Every [Input], in order.</param>
/// <param name="Layers">Every layer attribute, in declaration order.</param>
public sealed record NetworkModel(
    string? Namespace,
    EquatableArray<TypeDeclaration> ContainingTypes,
    TypeDeclaration Type,
    bool IsPartial,
    bool IsMalformed,
    int NetAttributeIndex,
    double Gamma,
    bool AutoScale,
    EquatableArray<InputModel> Inputs,
    EquatableArray<LayerModel> Layers)
{
    /// <summary>The class name without type parameters.</summary>
    public string SimpleName => Type.Name.Split('<')[0];
}
