using Microsoft.CodeAnalysis;

namespace Lbdn.Generators.Verification;

/// <summary>A rule a declaration breaks, with the message arguments and where to report it.</summary>
public sealed record Finding(DiagnosticDescriptor Descriptor, DiagnosticTarget Target, EquatableArray<string> MessageArguments)
{
    /// <summary>Creates a finding.</summary>
    public static Finding Of(DiagnosticDescriptor descriptor, DiagnosticTarget target, params string[] arguments) =>
        new(descriptor, target, arguments.ToEquatableArray());
}
