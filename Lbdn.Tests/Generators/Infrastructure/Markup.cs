using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Text;

namespace Lbdn.Tests.Generators.Infrastructure;

/// <summary>Source with inline expectations <c>{|LBDN003:text|}</c>: the diagnostic id and the exact span it covers.</summary>
internal sealed record Markup(string Source, IReadOnlyList<(string Id, TextSpan Span)> Expected)
{
    private static readonly Regex Open = new(@"\{\|(?<id>[A-Z]+[0-9]+):", RegexOptions.Compiled);

    public static Markup Parse(string markup)
    {
        var source = new StringBuilder();
        var expected = new List<(string, TextSpan)>();
        var open = new Stack<(string Id, int Start)>();
        var i = 0;
        while (i < markup.Length)
        {
            var match = Open.Match(markup, i);
            var close = markup.IndexOf("|}", i, StringComparison.Ordinal);
            if (match.Success && (close < 0 || match.Index < close))
            {
                source.Append(markup, i, match.Index - i);
                open.Push((match.Groups["id"].Value, source.Length));
                i = match.Index + match.Length;
            }
            else if (close >= 0)
            {
                source.Append(markup, i, close - i);
                var (id, start) = open.Count > 0 ? open.Pop() : throw new FormatException("'|}' without '{|ID:'.");
                expected.Add((id, TextSpan.FromBounds(start, source.Length)));
                i = close + 2;
            }
            else
            {
                source.Append(markup, i, markup.Length - i);
                i = markup.Length;
            }
        }

        return open.Count == 0 ? new Markup(source.ToString(), expected) : throw new FormatException("Unclosed '{|ID:'.");
    }
}
