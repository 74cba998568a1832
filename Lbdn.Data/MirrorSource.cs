using System.IO.Compression;

namespace Lbdn.Data;

/// <summary>
/// Downloads the gzipped files from canonical mirrors over HTTP(S), each mirror tried in order with a short timeout.
/// A file stored plain is fetched as "name.gz" and decompressed.
/// </summary>
public sealed class MirrorSource(IReadOnlyList<string> baseUrls, TimeSpan? timeout = null) : IDatasetSource
{
    private readonly TimeSpan downloadTimeout = timeout ?? TimeSpan.FromSeconds(15);

    /// <inheritdoc/>
    public string Description => $"download mirrors ({string.Join(", ", baseUrls)})";

    /// <inheritdoc/>
    public void Acquire(IReadOnlyList<DataFileSpec> files, string stagingFolder, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = downloadTimeout };
        var failures = new List<string>();
        foreach (var baseUrl in baseUrls)
        {
            try
            {
                foreach (var file in files)
                {
                    Download(client, baseUrl, file, stagingFolder, cancellationToken);
                }

                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or InvalidDataException)
            {
                failures.Add($"{baseUrl}: {e.Message}");
            }
        }
        throw new IOException("No mirror answered: " + string.Join("; ", failures));
    }

    private static void Download(HttpClient client, string baseUrl, DataFileSpec file, string stagingFolder, CancellationToken cancellationToken)
    {
        var isGzipped = file.FileName.EndsWith(".gz", StringComparison.Ordinal);
        var url = baseUrl + (isGzipped ? file.FileName : file.FileName + ".gz");
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = response.Content.ReadAsStream(cancellationToken);
        using var content = isGzipped ? body : new GZipStream(body, CompressionMode.Decompress);
        using var target = File.Create(Path.Combine(stagingFolder, file.FileName));
        content.CopyTo(target);
    }
}
