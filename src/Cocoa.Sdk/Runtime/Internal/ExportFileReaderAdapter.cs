using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Reads a file with <see cref="ExportFileReader"/>, which refuses to hand out keys unless a trusted signature verifies.</summary>
internal sealed class ExportFileReaderAdapter(ExportReaderOptions readerOptions) : IExportFileReader
{
    public async Task<IReadOnlyList<DiagnosisKey>> ReadVerifiedKeysAsync(Stream exportZip, CancellationToken cancellationToken)
    {
        ExportFileReader reader = await ExportFileReader.OpenAsync(exportZip, readerOptions, cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var keys = new List<DiagnosisKey>((int)Math.Min(reader.KeyCount, 1_000_000));
            await foreach (DiagnosisKey key in reader.ReadKeysAsync(cancellationToken).ConfigureAwait(false))
            {
                keys.Add(key);
            }

            return keys;
        }
    }
}
