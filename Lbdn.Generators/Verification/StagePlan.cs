using Lbdn.Generators.Models;

namespace Lbdn.Generators.Verification;

/// <summary>One module of the generated network in forward order: a layer, or an injected scale when <see cref="Layer"/> is null.</summary>
/// <param name="FieldName">Field and state_dict name.</param>
/// <param name="Kind">Kind shown in the description: the attribute's kind, or the user module's type name.</param>
/// <param name="Layer">The declared layer; null for input_scale/output_scale.</param>
/// <param name="Input">Shape in.</param>
/// <param name="Output">Shape out.</param>
/// <param name="Bound">Proven l2 Lipschitz bound; for an injected scale also its factor.</param>
public sealed record StagePlan(string FieldName, string Kind, LayerModel? Layer, Shape Input, Shape Output, double Bound);
