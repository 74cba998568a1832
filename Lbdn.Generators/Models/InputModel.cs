namespace Lbdn.Generators.Models;

/// <summary>One [Input] attribute.</summary>
/// <param name="AttributeIndex">Position among the class's attributes.</param>
/// <param name="Shape">The declared shape, without the batch dimension.</param>
/// <param name="AfterLayer">Whether a layer attribute precedes it.</param>
public sealed record InputModel(int AttributeIndex, EquatableArray<int> Shape, bool AfterLayer);
