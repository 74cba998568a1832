using System.Collections.Immutable;

namespace Lbdn.Generators.Verification;

/// <summary>The outcome of verifying a network: a plan when it is valid, the broken rules otherwise.</summary>
public sealed record VerificationResult(NetworkPlan? Plan, ImmutableArray<Finding> Findings);
