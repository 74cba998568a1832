using Lbdn.Tests.Generators.Infrastructure;

namespace Lbdn.Tests.Generators;

/// <summary>The LBDN001 code fix makes the class and its containing types partial, after which the rule is silent.</summary>
public sealed class CodeFixTests
{
    [Fact]
    public async Task Adds_partial_to_a_class_with_modifiers()
    {
        await CodeFixVerifier.VerifyAsync(
            """
            using Lbdn;

            [{|LBDN001:LipschitzNet(1.0)|}]
            [Input(4)]
            [Sandwich(4)]
            public sealed class Net;
            """,
            """
            using Lbdn;

            [LipschitzNet(1.0)]
            [Input(4)]
            [Sandwich(4)]
            public sealed partial class Net;
            """);
    }

    [Fact]
    public async Task Adds_partial_to_the_class_and_its_containing_types()
    {
        await CodeFixVerifier.VerifyAsync(
            """
            using Lbdn;

            namespace Demo
            {
                class Outer
                {
                    [{|LBDN001:LipschitzNet(1.0)|}]
                    [Input(4)]
                    [Sandwich(4)]
                    class Net { }
                }
            }
            """,
            """
            using Lbdn;

            namespace Demo
            {
                partial class Outer
                {
                    [LipschitzNet(1.0)]
                    [Input(4)]
                    [Sandwich(4)]
                    partial class Net { }
                }
            }
            """);
    }

    [Theory]
    [InlineData("public static class Net { }")]
    [InlineData("public class Net : System.Exception;")]
    public async Task Is_not_offered_where_partial_alone_would_leave_LBDN001(string declaration)
    {
        var source = $$"""
            using Lbdn;

            [{|LBDN001:LipschitzNet(1.0)|}]
            [Input(4)]
            [Sandwich(4)]
            {{declaration}}
            """;

        await CodeFixVerifier.VerifyAsync(source, source);
    }
}
