using Lbdn.Build;

namespace Lbdn.Tests.Build;

public sealed class ElfVersionPatcherTests
{
    private const string Needed = "GLIBCXX_3.4.32";
    private static readonly string[] Allowed = ["_ZSt21ios_base_library_initv"];

    [Fact]
    public void Weakens_the_requirement_and_changes_nothing_else()
    {
        var original = SyntheticElf.Build(["GLIBCXX_3.4.30", Needed], [("_ZSt21ios_base_library_initv", 3), ("memcpy", 2)]);
        var image = (byte[])original.Clone();

        Assert.Equal(ElfPatchOutcome.Weakened, ElfVersionPatcher.PatchImage(image, Needed, Allowed, "lib.so"));

        var changed = Enumerable.Range(0, image.Length).Where(i => image[i] != original[i]).ToList();
        Assert.Single(changed);
        Assert.Equal(original[changed[0]] | 2, image[changed[0]]);
    }

    [Fact]
    public void Patching_twice_is_a_no_op()
    {
        var image = SyntheticElf.Build([Needed], [("_ZSt21ios_base_library_initv", 2)]);
        Assert.Equal(ElfPatchOutcome.Weakened, ElfVersionPatcher.PatchImage(image, Needed, Allowed, "lib.so"));
        var once = (byte[])image.Clone();

        Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionPatcher.PatchImage(image, Needed, Allowed, "lib.so"));
        Assert.Equal(once, image);
    }

    [Fact]
    public void A_library_that_does_not_need_the_version_is_left_alone()
    {
        var image = SyntheticElf.Build(["GLIBCXX_3.4.30"], [("memcpy", 2)]);
        var original = (byte[])image.Clone();
        Assert.Equal(ElfPatchOutcome.NotRequired, ElfVersionPatcher.PatchImage(image, Needed, Allowed, "lib.so"));
        Assert.Equal(original, image);
    }

    [Fact]
    public void Refuses_when_another_symbol_needs_the_version()
    {
        var image = SyntheticElf.Build([Needed], [("_ZSt21ios_base_library_initv", 2), ("_ZNSt6chrono3_V212system_clock3nowEv", 2)]);
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.PatchImage(image, Needed, Allowed, "lib.so"));
        Assert.Contains("_ZNSt6chrono3_V212system_clock3nowEv", error.Message);
    }

    public static TheoryData<string, Func<byte[], byte[]>, string> Malformed => new()
    {
        { "not ELF", image => [.. "#!/bin/sh\necho not a library\n"u8.ToArray(), .. new byte[64]], "magic" },
        { "empty", _ => [], "magic" },
        { "32-bit", image => { image[4] = 1; return image; }, "64-bit" },
        { "big-endian", image => { image[5] = 2; return image; }, "little-endian" },
        { "truncated", image => image[..(image.Length / 2)], "outside the file" },
        { "section table past the end", image => { BitConverter.GetBytes((long)image.Length).CopyTo(image, 0x28); return image; }, "outside the file" },
        { "no version needs", image => { BitConverter.GetBytes(1u).CopyTo(image, SectionHeader(image, 4) + 4); return image; }, ".gnu.version_r" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Rejects_a_malformed_file_with_a_clear_message(string label, Func<byte[], byte[]> corrupt, string expected)
    {
        var image = corrupt(SyntheticElf.Build([Needed], [("_ZSt21ios_base_library_initv", 2)]));
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.PatchImage(image, Needed, Allowed, "broken.so"));
        Assert.Contains("broken.so is not the ELF shared library Lbdn expects", error.Message);
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{label}: {error.Message}");
    }

    [Fact]
    public void Patches_a_file_by_replacing_it_so_a_hard_link_into_a_cache_keeps_the_original()
    {
        var directory = Directory.CreateTempSubdirectory("lbdn-elf-");
        try
        {
            var cached = Path.Combine(directory.FullName, "cache.so");
            var output = Path.Combine(directory.FullName, "libLibTorchSharp.so");
            var original = SyntheticElf.Build([Needed], [("_ZSt21ios_base_library_initv", 2)]);
            File.WriteAllBytes(cached, original);
            using (var ln = System.Diagnostics.Process.Start("ln", [cached, output]))
            {
                ln.WaitForExit();
                Assert.Equal(0, ln.ExitCode);
            }

            Assert.Equal(ElfPatchOutcome.Weakened, ElfVersionPatcher.Patch(output, Needed, Allowed));
            Assert.Equal(ElfPatchOutcome.AlreadyWeak, ElfVersionPatcher.Patch(output, Needed, Allowed));

            Assert.Equal(original, File.ReadAllBytes(cached));
            Assert.NotEqual(original, File.ReadAllBytes(output));
            Assert.Equal(2, Directory.GetFiles(directory.FullName).Length);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static int SectionHeader(byte[] image, int index) => (int)BitConverter.ToInt64(image, 0x28) + (64 * index);
}
