using Lbdn.Data;

namespace Lbdn.Cli;

/// <summary>The --dataset names.</summary>
internal static class DatasetOption
{
    /// <summary>The accepted names.</summary>
    public const string Names = "mnist, fashion-mnist";

    /// <summary>The data set named <paramref name="name"/>, or null.</summary>
    public static DatasetName? Parse(string name) => name switch
    {
        "mnist" => DatasetName.Mnist,
        "fashion-mnist" => DatasetName.FashionMnist,
        _ => null,
    };
}
