namespace Lbdn.Generators.Rules;

/// <summary>Which activations a layer kind's proof allows.</summary>
internal enum ActivationSupport
{
    /// <summary>The layer has no activation.</summary>
    None,

    /// <summary>Elementwise activations with slope in [0, 1] only (the sandwich proof): no MaxMin or GroupSort.</summary>
    SlopeRestricted,

    /// <summary>Every 1-Lipschitz activation, sorting ones included, when the width allows it.</summary>
    Any,
}
