using Lbdn.Cli.Networks;
using Lbdn.Data;

namespace Lbdn.Cli.Certification;

/// <summary>A validated <c>lbdn certify</c> invocation.</summary>
internal sealed record CertifySettings(
    NetworkEntry Network, string ModelPath, double? Gamma, DatasetName Dataset, string? DataFolder, double[] Radii,
    long Limit, int PgdSteps, int PgdRestarts, string OutputPath, bool Json, bool Layers = false);
