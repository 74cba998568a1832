using Lbdn.Data;

namespace Lbdn.Tests.Data;

public sealed class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_plain_and_gzipped_images(bool gzipped)
    {
        using var folder = new TempFolder();
        var bytes = IdxBytes.Images(3, 2, 2);
        var path = folder.File("images", gzipped ? IdxBytes.Gzip(bytes) : bytes);

        var images = IdxReader.ReadImages(path);

        Assert.Equal([3, 2, 2], images.Dimensions);
        Assert.Equal(bytes[16..], images.Data);
    }

    [Fact]
    public void Wrong_magic_names_the_file_and_the_bytes()
    {
        using var folder = new TempFolder();
        var bytes = IdxBytes.Labels(1, 2);
        bytes[0] = 0x12;
        var path = folder.File("bad-magic-labels", bytes);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("bad-magic-labels", error.Message);
        Assert.Contains("expected 00 00", error.Message);
        Assert.Contains("found 12 00", error.Message);
    }

    [Fact]
    public void Wrong_element_type_is_rejected()
    {
        using var folder = new TempFolder();
        var path = folder.File("float-labels", IdxBytes.Build([2], [1, 2], type: 0x0D));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadLabels(path));

        Assert.Contains("0x0d", error.Message);
    }

    [Fact]
    public void Labels_file_given_as_images_reports_the_rank()
    {
        using var folder = new TempFolder();
        var path = folder.File("labels", IdxBytes.Labels(1, 2, 3));

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("has 1 dimensions: expected 3", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Truncated_file_reports_expected_and_actual_length(bool gzipped)
    {
        using var folder = new TempFolder();
        var bytes = IdxBytes.Images(3, 2, 2)[..^5];
        var path = folder.File("truncated-images", gzipped ? IdxBytes.Gzip(bytes) : bytes);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("truncated-images", error.Message);
        Assert.Contains("expected 28 bytes, found 23", error.Message);
    }

    [Fact]
    public void Truncated_header_is_rejected()
    {
        using var folder = new TempFolder();
        var path = folder.File("short", IdxBytes.Images(3, 2, 2)[..9]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("expected a 16-byte header, found 9 bytes", error.Message);
    }

    [Fact]
    public void Damaged_gzip_stream_is_reported()
    {
        using var folder = new TempFolder();
        var gz = IdxBytes.Gzip(IdxBytes.Images(30, 4, 4));
        var path = folder.File("damaged.gz", gz[..(gz.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => IdxReader.ReadImages(path));

        Assert.Contains("damaged.gz", error.Message);
    }
}
