namespace Lbdn.Generators.Verification;

/// <summary>
/// Where a finding belongs: an attribute of the class, and within it a constructor argument (by position and
/// parameter name) or a named property argument; the attribute itself when neither is written.
/// </summary>
public sealed record DiagnosticTarget(int AttributeIndex, int ConstructorPosition, string? ArgumentName)
{
    /// <summary>The whole attribute.</summary>
    public static DiagnosticTarget Attribute(int attributeIndex) => new(attributeIndex, -1, null);

    /// <summary>A constructor argument.</summary>
    public static DiagnosticTarget Constructor(int attributeIndex, int position, string parameterName) =>
        new(attributeIndex, position, parameterName);

    /// <summary>A named property argument, e.g. Stride = 2.</summary>
    public static DiagnosticTarget Property(int attributeIndex, string propertyName) => new(attributeIndex, -1, propertyName);
}
