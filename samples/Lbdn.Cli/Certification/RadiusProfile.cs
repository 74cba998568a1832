using Lbdn.Certification;

namespace Lbdn.Cli.Certification;

/// <summary>The stage profiles of one radius, over the first <paramref name="Images"/> test images.</summary>
internal sealed record RadiusProfile(double Radius, int Images, IReadOnlyList<StageProfile> Stages);
