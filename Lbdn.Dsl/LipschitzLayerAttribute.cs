namespace Lbdn;

/// <summary>Base of every layer attribute; layers run in declaration order.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public abstract class LipschitzLayerAttribute : Attribute
{
    /// <summary>Fixes the layer's state_dict name; by default it is derived from position and kind.</summary>
    public string? Name { get; set; }
}
