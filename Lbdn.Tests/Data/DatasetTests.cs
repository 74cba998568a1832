using Lbdn.Data;
using TorchSharp;

namespace Lbdn.Tests.Data;

public sealed class DatasetTests
{
    [Fact]
    public void Images_become_floats_in_unit_interval_and_labels_int64()
    {
        using var folder = new TempFolder();
        var images = folder.File("images.gz", IdxBytes.Gzip(IdxBytes.Build([2, 2, 2], [0, 51, 255, 102, 0, 0, 0, 255])));
        var labels = folder.File("labels", IdxBytes.Labels(7, 3));

        using var dataset = Dataset.FromIdxFiles(images, labels);

        Assert.Equal([2L, 1, 2, 2], dataset.Images.shape);
        Assert.Equal(torch.ScalarType.Float32, dataset.Images.dtype);
        Assert.Equal([0f, 0.2f, 1f, 0.4f, 0f, 0f, 0f, 1f], dataset.Images.data<float>().ToArray());
        Assert.Equal(torch.ScalarType.Int64, dataset.Labels.dtype);
        Assert.Equal([7L, 3L], dataset.Labels.data<long>().ToArray());
        Assert.Equal(2, dataset.Count);
    }

    [Fact]
    public void Flattened_images_have_one_row_per_sample()
    {
        using var folder = new TempFolder();
        var images = folder.File("images", IdxBytes.Images(3, 28, 28));
        var labels = folder.File("labels", IdxBytes.Labels(1, 2, 3));

        using var dataset = Dataset.FromIdxFiles(images, labels, flatten: true);

        Assert.Equal([3L, 784], dataset.Images.shape);
    }

    [Fact]
    public void Label_count_differing_from_image_count_is_rejected()
    {
        using var folder = new TempFolder();
        var images = folder.File("images", IdxBytes.Images(3, 2, 2));
        var labels = folder.File("labels", IdxBytes.Labels(1, 2));

        var error = Assert.Throws<InvalidDataException>(() => Dataset.FromIdxFiles(images, labels));

        Assert.Contains("holds 2 labels", error.Message);
        Assert.Contains("holds 3 images", error.Message);
    }
}
