using Lbdn.Generators.Models;

namespace Lbdn.Generators.Verification;

/// <summary>A verified network, ready to emit.</summary>
/// <param name="Network">The declaration.</param>
/// <param name="Input">The input shape.</param>
/// <param name="Stages">Every module in forward order, injected scales included.</param>
/// <param name="LipschitzBound">The certified bound: gamma, or the product of the layer bounds without AutoScale.</param>
public sealed record NetworkPlan(NetworkModel Network, Shape Input, EquatableArray<StagePlan> Stages, double LipschitzBound);
