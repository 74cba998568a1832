using static TorchSharp.torch;

namespace Lbdn.Data;

/// <summary>
/// A labelled image data set in memory: images as float32 in [0, 1] of shape (N, 1, rows, cols) or (N, rows*cols),
/// labels as int64 of shape (N). Owns its tensors.
/// </summary>
public sealed class Dataset : IDisposable
{
    private Dataset(Tensor images, Tensor labels)
    {
        Images = images;
        Labels = labels;
    }

    /// <summary>The images, float32 in [0, 1].</summary>
    public Tensor Images { get; }

    /// <summary>The class labels, int64.</summary>
    public Tensor Labels { get; }

    /// <summary>The number of samples N.</summary>
    public long Count => Labels.shape[0];

    /// <summary>Resolves (and if needed acquires) a data set, then loads one split.</summary>
    /// <param name="name">MNIST or Fashion-MNIST.</param>
    /// <param name="split">Train or test.</param>
    /// <param name="dataFolder">An explicit data folder (the --data option), or null to use LBDN_DATA, the cache, then the sources.</param>
    /// <param name="flatten">When true the images have shape (N, 784), otherwise (N, 1, 28, 28).</param>
    /// <param name="device">Where the tensors live; the CPU when null.</param>
    /// <param name="resolver">The resolver; one with the default cache when null.</param>
    public static Dataset Load(DatasetName name, DatasetSplit split, string? dataFolder = null, bool flatten = false,
        Device? device = null, DatasetResolver? resolver = null)
    {
        var resolved = (resolver ?? new DatasetResolver()).Resolve(name, dataFolder);
        var (images, labels) = resolved.Descriptor.FilesOf(split);
        return FromIdxFiles(resolved.PathOf(images), resolved.PathOf(labels), flatten, device);
    }

    /// <summary>Loads an images IDX file and a labels IDX file (plain or gzipped) whose counts must agree.</summary>
    /// <exception cref="InvalidDataException">A file is malformed or the counts differ.</exception>
    public static Dataset FromIdxFiles(string imagesPath, string labelsPath, bool flatten = false, Device? device = null)
    {
        var images = IdxReader.ReadImages(imagesPath);
        var labels = IdxReader.ReadLabels(labelsPath);
        if (images.Count != labels.Count)
        {
            throw new InvalidDataException(
                $"'{Path.GetFileName(labelsPath)}' holds {labels.Count} labels but '{Path.GetFileName(imagesPath)}' holds {images.Count} images; expected equal counts.");
        }

        var (rows, cols) = (images.Dimensions[1], images.Dimensions[2]);
        long[] shape = flatten ? [images.Count, rows * cols] : [images.Count, 1, rows, cols];
        using var scope = NewDisposeScope();
        // x = byte / 255
        var imageTensor = tensor(images.Data, shape).to_type(ScalarType.Float32).div_(255f).to(device ?? CPU);
        var labelTensor = tensor(labels.Data, [labels.Count]).to_type(ScalarType.Int64).to(device ?? CPU);
        return new Dataset(imageTensor.MoveToOuterDisposeScope(), labelTensor.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
