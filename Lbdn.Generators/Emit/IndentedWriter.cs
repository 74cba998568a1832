using System.Text;

namespace Lbdn.Generators.Emit;

/// <summary>Writes C# source line by line with four-space indentation and braced blocks.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder builder = new();
    private int depth;

    /// <summary>Writes <paramref name="line"/> at the current indentation; an empty string writes an empty line.</summary>
    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            builder.Append(' ', depth * 4);
        }

        builder.Append(line).Append('\n');
    }

    /// <summary>Writes "{", indents until the returned scope is disposed, then writes "}" and <paramref name="closingSuffix"/>.</summary>
    public Block OpenBlock(string closingSuffix = "")
    {
        Line("{");
        depth++;
        return new Block(this, closingSuffix);
    }

    /// <inheritdoc/>
    public override string ToString() => builder.ToString();

    /// <summary>The scope of a braced block.</summary>
    public readonly struct Block(IndentedWriter writer, string closingSuffix) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose()
        {
            writer.depth--;
            writer.Line("}" + closingSuffix);
        }
    }
}
