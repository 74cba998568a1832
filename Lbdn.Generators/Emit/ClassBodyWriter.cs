using Lbdn.Generators.Verification;

namespace Lbdn.Generators.Emit;

/// <summary>Writes the members of a generated network class.</summary>
internal sealed class ClassBodyWriter(IndentedWriter writer, NetworkPlan plan)
{
    private string ClassName => plan.Network.SimpleName;

    public void Write()
    {
        WriteBoundAndDescription();
        writer.Line();
        foreach (var stage in plan.Stages)
        {
            writer.Line("private readonly " + StageConstruction.FieldType(stage) + " " + stage.FieldName + ";");
        }

        writer.Line();
        WriteConstructor();
        writer.Line();
        WriteForward();
        writer.Line();
        WriteFreeze();
        writer.Line();
        WriteCertification();
        writer.Line();
        WriteInterfaceMembers();
    }

    private void WriteBoundAndDescription()
    {
        writer.Line("/// <summary>The certified l2 Lipschitz bound of this network.</summary>");
        writer.Line("public const double LipschitzBound = " + Literals.Double(plan.LipschitzBound) + ";");
        writer.Line();
        writer.Line("/// <summary>The modules in forward order with their shapes and bounds.</summary>");
        writer.Line("public static " + RuntimeNames.ReadOnlyList + "<" + RuntimeNames.LayerDescription + "> Description { get; } = new " + RuntimeNames.LayerDescription + "[]");
        using (writer.OpenBlock(";"))
        {
            foreach (var stage in plan.Stages)
            {
                writer.Line("new " + RuntimeNames.LayerDescription + "("
                    + Literals.String(stage.FieldName) + ", "
                    + Literals.String(stage.Kind) + ", "
                    + Literals.LongArray(stage.Input.Dimensions) + ", "
                    + Literals.LongArray(stage.Output.Dimensions) + ", "
                    + Literals.Double(stage.Bound) + "),");
            }
        }
    }

    private void WriteConstructor()
    {
        writer.Line("/// <summary>Creates the network with freshly initialised parameters.</summary>");
        writer.Line("/// <param name=\"device\">Where the parameters live; the CPU when null.</param>");
        writer.Line("/// <param name=\"dtype\">The parameters' element type.</param>");
        writer.Line("/// <param name=\"seed\">When given, seeds torch's generator first so the initialisation is reproducible.</param>");
        writer.Line("public " + ClassName + "(" + RuntimeNames.Device + "? device = null, " + RuntimeNames.ScalarType + " dtype = "
            + RuntimeNames.ScalarType + ".Float32, long? seed = null)");
        writer.Line("    : base(" + Literals.String(ClassName) + ")");
        using (writer.OpenBlock())
        {
            writer.Line("if (seed.HasValue)");
            using (writer.OpenBlock())
            {
                writer.Line(RuntimeNames.ManualSeed + "(seed.Value);");
            }

            writer.Line();
            foreach (var stage in plan.Stages)
            {
                writer.Line(stage.FieldName + " = " + StageConstruction.Expression(stage) + ";");
            }

            writer.Line("RegisterComponents();");
        }
    }

    private void WriteForward()
    {
        var expected = plan.Input.Dimensions;
        var conditions = new List<string> { "shape.Length != " + Literals.Int(expected.Count + 1) };
        for (var i = 0; i < expected.Count; i++)
        {
            conditions.Add("shape[" + Literals.Int(i + 1) + "] != " + Literals.Long(expected[i]));
        }

        writer.Line("/// <summary>Runs the network on a batch of shape " + plan.Input.ToBatchString() + ".</summary>");
        writer.Line("public override " + RuntimeNames.Tensor + " forward(" + RuntimeNames.Tensor + " input)");
        using (writer.OpenBlock())
        {
            writer.Line("var shape = input.shape;");
            writer.Line("if (" + string.Join(" || ", conditions) + ")");
            using (writer.OpenBlock())
            {
                writer.Line("throw new global::System.ArgumentException("
                    + Literals.String(ClassName + " expects input of shape " + plan.Input.ToBatchString() + ", got [")
                    + " + string.Join(\", \", shape) + \"].\", nameof(input));");
            }

            writer.Line();
            if (plan.Stages.Count == 0)
            {
                writer.Line("return input;");
                return;
            }

            // Intermediate tensors are disposed with the scope; only the result leaves it.
            writer.Line("using var scope = " + RuntimeNames.NewDisposeScope + "();");
            var current = "input";
            foreach (var stage in plan.Stages)
            {
                writer.Line((current == "input" ? "var x = " : "x = ") + stage.FieldName + ".call(" + current + ");");
                current = "x";
            }

            writer.Line("return x.MoveToOuterDisposeScope();");
        }
    }

    private void WriteFreeze()
    {
        writer.Line("/// <summary>An inference copy with explicit weights and the same certified bound; FrozenNetwork.From freezes each stage.</summary>");
        writer.Line("public " + RuntimeNames.FrozenNetwork + " Freeze()");
        using (writer.OpenBlock())
        {
            writer.Line("return " + RuntimeNames.FrozenNetwork + ".From(");
            writer.Line("    LipschitzBound,");
            writer.Line("    " + Literals.LongArray(plan.Input.Dimensions) + (plan.Stages.Count > 0 ? "," : ");"));
            for (var i = 0; i < plan.Stages.Count; i++)
            {
                var stage = plan.Stages[i];
                writer.Line("    " + stage.FieldName + (i == plan.Stages.Count - 1 ? ");" : ","));
            }
        }
    }

    private void WriteCertification()
    {
        writer.Line("/// <summary>Per input, the l2 radius within which the prediction provably cannot change: margin / (sqrt(2) LipschitzBound), from float64 logits of the explicit-weight copy of the current parameters (built once per parameter version).</summary>");
        writer.Line("/// <returns>A float64 tensor of shape [batch] whatever the network's dtype (read it with data&lt;double&gt;(), not data&lt;float&gt;()): the certificate is computed in float64 so its rounding stays far below the radius.</returns>");
        writer.Line("public " + RuntimeNames.Tensor + " CertifiedRadius(" + RuntimeNames.Tensor + " input)");
        using (writer.OpenBlock())
        {
            writer.Line("using var scope = " + RuntimeNames.NewDisposeScope + "();");
            writer.Line("var certifiable = " + RuntimeNames.CertifiableNetwork + ".Of(this);");
            writer.Line("return " + RuntimeNames.GlobalCertificate + ".Radius(certifiable.Logits(input), LipschitzBound).MoveToOuterDisposeScope();");
        }

        writer.Line();
        writer.Line("/// <summary>Clean, certified (global and local) and PGD accuracy on labelled inputs at each radius.</summary>");
        writer.Line("public " + RuntimeNames.ReadOnlyList + "<" + RuntimeNames.RadiusReport + "> Certify(" + RuntimeNames.Tensor + " inputs, "
            + RuntimeNames.Tensor + " labels, " + RuntimeNames.ReadOnlyList + "<double> radii, " + RuntimeNames.CertificationOptions + "? options = null)");
        using (writer.OpenBlock())
        {
            writer.Line("return " + RuntimeNames.CertificationReport + ".Run(this, inputs, labels, radii, options);");
        }
    }

    private void WriteInterfaceMembers()
    {
        writer.Line("double " + RuntimeNames.LipschitzModule + ".LipschitzBound => LipschitzBound;");
        writer.Line();
        writer.Line(RuntimeNames.ReadOnlyList + "<" + RuntimeNames.Module + "> " + RuntimeNames.Network + ".Stages => new " + RuntimeNames.Module + "[]");
        using (writer.OpenBlock(";"))
        {
            foreach (var stage in plan.Stages)
            {
                writer.Line(stage.FieldName + ",");
            }
        }

        writer.Line();
        writer.Line("long[] " + RuntimeNames.Network + ".InputShape => " + Literals.LongArray(plan.Input.Dimensions) + ";");
        WriteComposition();
    }

    // The answers a network gives as a stage of another, composed from its stages' answers.
    private void WriteComposition()
    {
        const string composition = RuntimeNames.NetworkComposition;
        const string certification = "global::Lbdn.Certification.";
        writer.Line();
        writer.Line(RuntimeNames.Module + " " + RuntimeNames.Freezable + ".Freeze() => Freeze();");
        writer.Line();
        writer.Line(RuntimeNames.Module + " " + RuntimeNames.Freezable + ".Freeze(" + RuntimeNames.ScalarType + " precision) => " + composition + ".Freeze(this, precision);");
        writer.Line();
        writer.Line(RuntimeNames.ReadOnlyList + "<" + certification + "CertifiedStage> " + RuntimeNames.CertifiableStage + ".FreezeCertified(" + RuntimeNames.ScalarType + " precision) => "
            + composition + ".FreezeCertified(this, precision);");
        writer.Line();
        writer.Line("int " + RuntimeNames.IntervalStage + ".MaskedActivations => " + composition + ".MaskedActivations(this);");
        writer.Line();
        writer.Line(certification + "IntervalBall " + RuntimeNames.IntervalStage + ".Propagate(" + certification + "IntervalBall ball, global::System.Collections.Generic.IList<" + certification + "NeuronBounds> collected) => "
            + composition + ".Propagate(this, ball, collected);");
        writer.Line();
        writer.Line(certification + "MaskedMaps? " + RuntimeNames.IntervalStage + ".Maps() => " + composition + ".Maps(this);");
        writer.Line();
        writer.Line(certification + "AffineForm? " + RuntimeNames.IntervalStage + ".Affine() => " + composition + ".Affine(this);");
    }
}
