namespace Lbdn.Interop;

/// <summary>
/// The reference module (acfr/LBDN <c>layer.py</c>) that computes the same function as one Lbdn stage: its class, the
/// constructor arguments that rebuild it and the parameters its state_dict holds.
/// </summary>
/// <param name="Class">The reference class name, e.g. <c>SandwichFc</c>.</param>
/// <param name="Arguments">Positional constructor arguments.</param>
/// <param name="Options">Keyword arguments (e.g. <c>stride</c>, <c>AB</c>); empty when the defaults apply.</param>
/// <param name="Parameters">The parameters, in the reference's registration order.</param>
public sealed record ReferenceLayout(
    string Class, long[] Arguments, IReadOnlyDictionary<string, object> Options, IReadOnlyList<ReferenceParameter> Parameters)
{
    /// <summary>The constructor call as Python source, for messages: <c>SandwichConv(2, 3, 5, stride=2)</c>.</summary>
    public string Call =>
        $"{Class}({string.Join(", ", Arguments.Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat(Options.Select(o => $"{o.Key}={PythonValue(o.Value)}")))})";

    private static string PythonValue(object value) => value switch
    {
        bool b => b ? "True" : "False",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "None",
    };
}
