using System.Text;

namespace Lbdn.Tests.Build;

/// <summary>Builds minimal 64-bit little-endian ELF images with a dynamic symbol table and version needs.</summary>
internal static class SyntheticElf
{
    /// <summary>An image that needs <paramref name="versions"/> from libstdc++.so.6; symbol i is bound to version index <c>symbolVersions[i]</c>.</summary>
    public static byte[] Build(string[] versions, (string Name, ushort Version)[] symbols, ushort flags = 0)
    {
        var dynstr = new StringTable();
        var file = dynstr.Add("libstdc++.so.6");
        var versionNames = versions.Select(dynstr.Add).ToArray();
        var symbolNames = symbols.Select(s => dynstr.Add(s.Name)).ToArray();

        var dynsym = new List<byte>(new byte[24]);
        foreach (var name in symbolNames)
        {
            var entry = new byte[24];
            BitConverter.GetBytes(name).CopyTo(entry, 0);
            dynsym.AddRange(entry);
        }

        var versym = new List<byte> { 0, 0 };
        foreach (var symbol in symbols)
        {
            versym.AddRange(BitConverter.GetBytes(symbol.Version));
        }

        var verneed = new List<byte>();
        verneed.AddRange(BitConverter.GetBytes((ushort)1));
        verneed.AddRange(BitConverter.GetBytes((ushort)versions.Length));
        verneed.AddRange(BitConverter.GetBytes(file));
        verneed.AddRange(BitConverter.GetBytes(16u));
        verneed.AddRange(BitConverter.GetBytes(0u));
        for (var i = 0; i < versions.Length; i++)
        {
            verneed.AddRange(BitConverter.GetBytes(0u));
            verneed.AddRange(BitConverter.GetBytes(flags));
            verneed.AddRange(BitConverter.GetBytes((ushort)(i + 2)));
            verneed.AddRange(BitConverter.GetBytes(versionNames[i]));
            verneed.AddRange(BitConverter.GetBytes(i == versions.Length - 1 ? 0u : 16u));
        }

        var shstr = new StringTable();
        var sections = new List<(uint Name, uint Type, byte[] Data, uint Link, uint Info)>
        {
            (0, 0, [], 0, 0),
            (shstr.Add(".dynstr"), 3, dynstr.Bytes, 0, 0),
            (shstr.Add(".dynsym"), 11, dynsym.ToArray(), 1, 1),
            (shstr.Add(".gnu.version"), 0x6fffffff, versym.ToArray(), 2, 0),
            (shstr.Add(".gnu.version_r"), 0x6ffffffe, verneed.ToArray(), 1, 1),
        };
        sections.Add((shstr.Add(".shstrtab"), 3, shstr.Bytes, 0, 0));

        var body = new List<byte>(new byte[64]);
        var offsets = new List<long>();
        foreach (var section in sections)
        {
            while (body.Count % 8 != 0)
            {
                body.Add(0);
            }

            offsets.Add(body.Count);
            body.AddRange(section.Data);
        }

        while (body.Count % 8 != 0)
        {
            body.Add(0);
        }

        var sectionTable = body.Count;
        for (var i = 0; i < sections.Count; i++)
        {
            var header = new byte[64];
            BitConverter.GetBytes(sections[i].Name).CopyTo(header, 0);
            BitConverter.GetBytes(sections[i].Type).CopyTo(header, 4);
            BitConverter.GetBytes(offsets[i]).CopyTo(header, 24);
            BitConverter.GetBytes((long)sections[i].Data.Length).CopyTo(header, 32);
            BitConverter.GetBytes(sections[i].Link).CopyTo(header, 40);
            BitConverter.GetBytes(sections[i].Info).CopyTo(header, 44);
            body.AddRange(header);
        }

        var image = body.ToArray();
        image[0] = 0x7f;
        image[1] = (byte)'E';
        image[2] = (byte)'L';
        image[3] = (byte)'F';
        image[4] = 2;
        image[5] = 1;
        image[6] = 1;
        BitConverter.GetBytes((ushort)3).CopyTo(image, 0x10);
        BitConverter.GetBytes((ushort)62).CopyTo(image, 0x12);
        BitConverter.GetBytes((long)sectionTable).CopyTo(image, 0x28);
        BitConverter.GetBytes((ushort)64).CopyTo(image, 0x3a);
        BitConverter.GetBytes((ushort)sections.Count).CopyTo(image, 0x3c);
        BitConverter.GetBytes((ushort)(sections.Count - 1)).CopyTo(image, 0x3e);
        return image;
    }

    private sealed class StringTable
    {
        private readonly List<byte> bytes = [0];

        public byte[] Bytes => bytes.ToArray();

        public uint Add(string text)
        {
            var at = (uint)bytes.Count;
            bytes.AddRange(Encoding.ASCII.GetBytes(text));
            bytes.Add(0);
            return at;
        }
    }
}
