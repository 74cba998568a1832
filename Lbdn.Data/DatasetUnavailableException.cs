namespace Lbdn.Data;

/// <summary>Every way of obtaining a data set failed; the message lists each attempt and what the user can do.</summary>
public sealed class DatasetUnavailableException(string message, Exception? innerException = null) : Exception(message, innerException);
