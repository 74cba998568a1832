namespace Lbdn.Interop;

/// <summary>A reference checkpoint that cannot be placed on an Lbdn network; the message is one line naming the parameter and the fix.</summary>
public class ReferenceCheckpointException : Exception
{
    /// <summary>Creates the exception with a one-line <paramref name="message"/>.</summary>
    public ReferenceCheckpointException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line <paramref name="message"/> and its cause.</summary>
    public ReferenceCheckpointException(string message, Exception inner) : base(message, inner)
    {
    }
}

/// <summary>A checkpoint that was placed but does not reproduce the reference output of its check batch.</summary>
public sealed class ReferenceCheckMismatchException : ReferenceCheckpointException
{
    /// <summary>Creates the exception with a one-line <paramref name="message"/>.</summary>
    public ReferenceCheckMismatchException(string message) : base(message)
    {
    }
}
