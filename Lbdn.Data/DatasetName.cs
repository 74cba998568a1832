namespace Lbdn.Data;

/// <summary>The data sets Lbdn can resolve and load.</summary>
public enum DatasetName
{
    /// <summary>MNIST handwritten digits, 60000 train and 10000 test images of 28x28.</summary>
    Mnist,

    /// <summary>Fashion-MNIST clothing images, 60000 train and 10000 test images of 28x28.</summary>
    FashionMnist,
}

/// <summary>The split of a data set.</summary>
public enum DatasetSplit
{
    /// <summary>The training split.</summary>
    Train,

    /// <summary>The test split.</summary>
    Test,
}
