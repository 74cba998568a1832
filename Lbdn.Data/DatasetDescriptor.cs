namespace Lbdn.Data;

/// <summary>Everything needed to find, verify and acquire one data set.</summary>
/// <param name="Name">The data set.</param>
/// <param name="FolderName">The folder name inside a data root or the cache (e.g. "mnist").</param>
/// <param name="TrainImages">The training images file.</param>
/// <param name="TrainLabels">The training labels file.</param>
/// <param name="TestImages">The test images file.</param>
/// <param name="TestLabels">The test labels file.</param>
/// <param name="Sources">Where to acquire the files, tried in order.</param>
/// <param name="InstallHint">What a user can do when every source fails.</param>
public sealed record DatasetDescriptor(
    DatasetName Name,
    string FolderName,
    DataFileSpec TrainImages,
    DataFileSpec TrainLabels,
    DataFileSpec TestImages,
    DataFileSpec TestLabels,
    IReadOnlyList<IDatasetSource> Sources,
    string InstallHint)
{
    /// <summary>The four files of the data set.</summary>
    public IReadOnlyList<DataFileSpec> Files => [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>The images and labels files of a split.</summary>
    public (DataFileSpec Images, DataFileSpec Labels) FilesOf(DatasetSplit split) =>
        split == DatasetSplit.Train ? (TrainImages, TrainLabels) : (TestImages, TestLabels);
}
