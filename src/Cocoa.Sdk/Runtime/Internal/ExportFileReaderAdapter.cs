using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Runtime.Internal;

/// <summary>Opens files with <see cref="ExportFileReader"/>, which refuses to hand out keys unless a trusted signature verifies.</summary>
internal sealed class ExportFileReaderAdapter(ExportReaderOptions readerOptions) : IExportFileReader
{
    public async Task<IVerifiedExport> OpenVerifiedAsync(Stream exportZip, CancellationToken cancellationToken) =>
        new VerifiedExport(await ExportFileReader.OpenAsync(exportZip, readerOptions, cancellationToken).ConfigureAwait(false));

    private sealed class VerifiedExport(ExportFileReader reader) : IVerifiedExport
    {
        public long KeyCount => reader.KeyCount;

        public IAsyncEnumerable<DiagnosisKey> ReadKeysAsync(CancellationToken cancellationToken) => reader.ReadKeysAsync(cancellationToken);

        public ValueTask DisposeAsync() => reader.DisposeAsync();
    }
}
