// Marks one symbol-version requirement of an ELF shared library as weak (VER_FLG_WEAK), so the dynamic
// loader accepts the library on systems whose libstdc++ lacks that version. Compiled by MSBuild's
// RoslynCodeTaskFactory at build time (targets file beside this one) and by Lbdn.Tests; netstandard2.0 only.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;

namespace Lbdn.Build;

/// <summary>What <see cref="ElfVersionPatcher.Patch"/> did to a file.</summary>
public enum ElfPatchOutcome
{
    /// <summary>The requirement was strong and is now weak.</summary>
    Weakened,
    /// <summary>The requirement was already weak; the file was not written.</summary>
    AlreadyWeak,
    /// <summary>The file does not require the version at all; the file was not written.</summary>
    NotRequired,
}

/// <summary>Reads the version-needs table (.gnu.version_r) of a 64-bit little-endian ELF file and weakens one entry.</summary>
public static class ElfVersionPatcher
{
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>
    /// Weakens the requirement <paramref name="version"/> in <paramref name="path"/>, after checking that the
    /// only symbols bound to it are <paramref name="allowedSymbols"/> (a weak version with a missing symbol
    /// that is really called would fail later, at run time). The file is replaced atomically.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not the ELF shared library expected, or other symbols need the version.</exception>
    public static ElfPatchOutcome Patch(string path, string version, IReadOnlyCollection<string> allowedSymbols)
    {
        var image = File.ReadAllBytes(path);
        var outcome = PatchImage(image, version, allowedSymbols, path);
        if (outcome != ElfPatchOutcome.Weakened)
        {
            return outcome;
        }

        // Write beside the target and rename over it: never a half-written library, and a hard link into the
        // NuGet cache (CreateHardLinksForCopyLocalIfPossible) is replaced rather than modified.
        var temporary = path + ".lbdn-" + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, image);
            File.Replace(temporary, path, null);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }

        return outcome;
    }

    /// <summary>In-memory form of <see cref="Patch"/>; <paramref name="name"/> is used in error messages only.</summary>
    public static ElfPatchOutcome PatchImage(byte[] image, string version, IReadOnlyCollection<string> allowedSymbols, string name)
    {
        var elf = new ElfReader(image, name);
        var verneed = elf.SingleSection(ShtGnuVerneed, ".gnu.version_r");
        var strings = elf.Section(verneed.Link);
        long needOffset = verneed.Offset;
        for (uint i = 0; i < verneed.Info; i++)
        {
            var count = elf.U16(needOffset + 2);
            long auxOffset = needOffset + elf.U32(needOffset + 8);
            for (var j = 0; j < count; j++)
            {
                if (elf.String(strings, elf.U32(auxOffset + 8)) == version)
                {
                    return Weaken(elf, image, auxOffset, version, allowedSymbols);
                }

                auxOffset += elf.U32(auxOffset + 12);
            }

            needOffset += elf.U32(needOffset + 12);
        }

        return ElfPatchOutcome.NotRequired;
    }

    private static ElfPatchOutcome Weaken(ElfReader elf, byte[] image, long auxOffset, string version, IReadOnlyCollection<string> allowedSymbols)
    {
        var flags = elf.U16(auxOffset + 4);
        if ((flags & VerFlgWeak) != 0)
        {
            return ElfPatchOutcome.AlreadyWeak;
        }

        var index = elf.U16(auxOffset + 6);
        var unexpected = elf.SymbolsWithVersion(index).Where(s => !allowedSymbols.Contains(s)).ToList();
        if (unexpected.Count > 0)
        {
            throw new InvalidDataException(
                $"{elf.Name}: symbols other than [{string.Join(", ", allowedSymbols)}] need {version}: " +
                $"[{string.Join(", ", unexpected)}]. Weakening the requirement would make them fail at run time; " +
                "install a libstdc++ that provides it (GCC 13 or later) or set LbdnPatchNativeLibraries=false.");
        }

        var weak = (ushort)(flags | VerFlgWeak);
        image[auxOffset + 4] = (byte)weak;
        image[auxOffset + 5] = (byte)(weak >> 8);
        return ElfPatchOutcome.Weakened;
    }

    private sealed class ElfReader
    {
        private readonly byte[] image;
        private readonly List<SectionHeader> sections = new List<SectionHeader>();

        public ElfReader(byte[] image, string name)
        {
            this.image = image;
            Name = name;
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
            {
                throw Invalid("it does not start with the ELF magic number 7F 45 4C 46");
            }

            if (image[4] != 2 || image[5] != 1)
            {
                throw Invalid($"it is not a 64-bit little-endian ELF file (class {image[4]}, data {image[5]}; expected 2, 1)");
            }

            var sectionTable = (long)U64(0x28);
            var entrySize = U16(0x3a);
            var count = U16(0x3c);
            if (entrySize != 64 || count == 0)
            {
                throw Invalid($"its section header table is malformed (entry size {entrySize}, count {count})");
            }

            for (var i = 0; i < count; i++)
            {
                var at = sectionTable + (i * 64L);
                Check(at, 64, "section header table");
                var header = new SectionHeader(U32(at + 4), (long)U64(at + 24), (long)U64(at + 32), U32(at + 40), U32(at + 44));
                if (header.Type != 8)
                {
                    Check(header.Offset, header.Size, "section " + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                sections.Add(header);
            }
        }

        public string Name { get; }

        public SectionHeader SingleSection(uint type, string label)
        {
            var found = sections.Where(s => s.Type == type).ToList();
            if (found.Count != 1)
            {
                throw Invalid($"it has {found.Count} {label} sections; expected exactly one");
            }

            return found[0];
        }

        public SectionHeader Section(uint index)
        {
            if (index >= sections.Count)
            {
                throw Invalid($"a section links to section {index}, but there are only {sections.Count}");
            }

            return sections[(int)index];
        }

        public IEnumerable<string> SymbolsWithVersion(ushort versionIndex)
        {
            var versym = SingleSection(ShtGnuVersym, ".gnu.version");
            var dynsym = SingleSection(ShtDynsym, ".dynsym");
            var strings = Section(dynsym.Link);
            var symbols = Math.Min(dynsym.Size / 24, versym.Size / 2);
            for (long i = 0; i < symbols; i++)
            {
                if ((U16(versym.Offset + (2 * i)) & 0x7fff) == versionIndex)
                {
                    yield return String(strings, U32(dynsym.Offset + (24 * i)));
                }
            }
        }

        public string String(SectionHeader table, uint offset)
        {
            var start = table.Offset + offset;
            Check(start, 1, "string table");
            var end = start;
            while (end < table.Offset + table.Size && image[end] != 0)
            {
                end++;
            }

            if (end >= table.Offset + table.Size)
            {
                throw Invalid("a string runs past the end of its string table");
            }

            return System.Text.Encoding.ASCII.GetString(image, (int)start, (int)(end - start));
        }

        public ushort U16(long at)
        {
            Check(at, 2, "field");
            return (ushort)(image[at] | (image[at + 1] << 8));
        }

        public uint U32(long at)
        {
            Check(at, 4, "field");
            return (uint)(image[at] | (image[at + 1] << 8) | (image[at + 2] << 16) | (image[at + 3] << 24));
        }

        private ulong U64(long at) => U32(at) | ((ulong)U32(at + 4) << 32);

        private void Check(long at, long length, string what)
        {
            if (at < 0 || length < 0 || at + length > image.Length)
            {
                throw Invalid($"its {what} at byte {at} (+{length}) lies outside the file of {image.Length} bytes (truncated?)");
            }
        }

        private InvalidDataException Invalid(string reason) =>
            new InvalidDataException($"{Name} is not the ELF shared library Lbdn expects: {reason}. Restore the TorchSharp package again (dotnet restore --force).");
    }

    private readonly struct SectionHeader
    {
        public SectionHeader(uint type, long offset, long size, uint link, uint info)
        {
            Type = type;
            Offset = offset;
            Size = size;
            Link = link;
            Info = info;
        }

        public uint Type { get; }
        public long Offset { get; }
        public long Size { get; }
        public uint Link { get; }
        public uint Info { get; }
    }
}

/// <summary>MSBuild task: weakens a symbol-version requirement in copies of native libraries in build or publish output.</summary>
public sealed class LbdnWeakenElfVersion : Microsoft.Build.Utilities.Task
{
    /// <summary>The output copies to patch.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version requirement to weaken, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string Version { get; set; } = "";

    /// <summary>Semicolon-separated symbols allowed to be bound to <see cref="Version"/>.</summary>
    public string AllowedSymbols { get; set; } = "";

    public override bool Execute()
    {
        var allowed = AllowedSymbols.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).ToList();
        foreach (var file in Files.Select(f => f.ItemSpec).Distinct())
        {
            try
            {
                var outcome = ElfVersionPatcher.Patch(file, Version, allowed);
                Log.LogMessage(MessageImportance.Low, $"Lbdn: {Version} requirement of {file}: {outcome}.");
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError(null, "LBDNBUILD001", null, file, 0, 0, 0, 0, e.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }
}
