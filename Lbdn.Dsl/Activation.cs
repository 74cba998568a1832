namespace Lbdn;

/// <summary>Elementwise or pairwise activation of a Lipschitz layer.</summary>
public enum Activation
{
    /// <summary>max(x, 0); slope in [0, 1]; the default.</summary>
    ReLU = 0,
    /// <summary>tanh(x); slope in (0, 1].</summary>
    Tanh,
    /// <summary>1 / (1 + exp(-x)); slope in (0, 1/4].</summary>
    Sigmoid,
    /// <summary>max(x, 0.01 x); slope in [0.01, 1].</summary>
    LeakyReLU,
    /// <summary>x; slope 1.</summary>
    Identity,
    /// <summary>min(max(x, 0), theta) with a learnable threshold theta &gt;= 0 per neuron; slope in [0, 1].</summary>
    ClippedReLU,
    /// <summary>Sorts pairs of neurons (max, min); 1-Lipschitz and gradient-norm preserving but not elementwise.</summary>
    MaxMin,
    /// <summary>Sorts groups of neurons; 1-Lipschitz and gradient-norm preserving but not elementwise.</summary>
    GroupSort,
}
