namespace Lbdn.Inference;

/// <summary>The prediction for one input, with its l2 robustness certificate.</summary>
public sealed class Prediction
{
    /// <summary>Wraps the values of one prediction.</summary>
    public Prediction(int label, float[] logits, double margin, double certifiedRadius)
    {
        Label = label;
        Logits = logits;
        Margin = margin;
        CertifiedRadius = certifiedRadius;
    }

    /// <summary>The predicted class, argmax of the float64 logits (the first on ties).</summary>
    public int Label { get; }

    /// <summary>The logits, the float64 logits rounded to float32.</summary>
    public float[] Logits { get; }

    /// <summary>z_y - max_{i != y} z_i of the float64 logits z (infinity for a single output).</summary>
    public double Margin { get; }

    /// <summary>
    /// An l2 radius within which the label provably cannot change: never larger than the certified radius of the exact
    /// float64 network (see <see cref="LbdnModel"/>); 0 when nothing can be certified.
    /// </summary>
    public double CertifiedRadius { get; }
}
