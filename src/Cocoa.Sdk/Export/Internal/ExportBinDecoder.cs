using System.Text;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Export.Internal;

/// <summary>Which repeated key field a decoding pass hands out; the other fields are validated and dropped.</summary>
internal enum KeyListSelection
{
    None,
    Keys,
    RevisedKeys,
}

/// <summary>
/// Incremental decoder of <c>export.bin</c>: the 16-byte header, then top-level <c>TemporaryExposureKeyExport</c> fields one
/// at a time. Only whole fields are consumed (a field is at most <see cref="MaxBufferedFieldLength"/> bytes, except unknown
/// fields, which are skipped in place), so memory stays bounded whatever the key count.
/// </summary>
internal sealed class ExportBinDecoder
{
    public const int HeaderLength = 16;

    /// <summary>The longest known field (key, signature info, region) that is decoded; longer ones are malformed.</summary>
    public const int MaxBufferedFieldLength = 64 * 1024;

    /// <summary>Bytes needed in one contiguous span to decode any field: its tag, its length and its body.</summary>
    public const int MaxContiguousFieldLength = MaxBufferedFieldLength + 16;

    private const int FieldStartTimestamp = 1;
    private const int FieldEndTimestamp = 2;
    private const int FieldRegion = 3;
    private const int FieldBatchNum = 4;
    private const int FieldBatchSize = 5;
    private const int FieldSignatureInfos = 6;
    private const int FieldKeys = 7;
    private const int FieldRevisedKeys = 8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly KeyListSelection _selection;
    private readonly List<ExportSignatureInfo> _signatureInfos = [];
    private long _offset;
    private bool _headerDone;
    private long _skipRemaining;

    public ExportBinDecoder(KeyListSelection selection) => _selection = selection;

    public static ReadOnlySpan<byte> Header => "EK Export v1    "u8;

    public ulong? StartTimestamp { get; private set; }

    public ulong? EndTimestamp { get; private set; }

    public string? Region { get; private set; }

    public int? BatchNum { get; private set; }

    public int? BatchSize { get; private set; }

    public IReadOnlyList<ExportSignatureInfo> SignatureInfos => _signatureInfos;

    public long KeyCount { get; private set; }

    public long RevisedKeyCount { get; private set; }

    /// <summary>Bytes of export.bin consumed so far.</summary>
    public long Offset => _offset;

    public ExportBatchInfo BatchInfo => new(StartTimestamp, EndTimestamp, Region, BatchNum, BatchSize);

    /// <summary>
    /// Decodes as many whole fields of <paramref name="data"/> as possible; selected keys go to <paramref name="output"/>
    /// from index <paramref name="written"/> on. Stops early when <paramref name="output"/> is full.
    /// </summary>
    /// <returns>The number of bytes consumed; the rest must be presented again, followed by more data.</returns>
    public int Decode(ReadOnlySpan<byte> data, Span<DiagnosisKey> output, ref int written)
    {
        int pos = 0;
        if (!_headerDone)
        {
            if (data.Length < HeaderLength)
            {
                return 0;
            }

            if (!data[..HeaderLength].SequenceEqual(Header))
            {
                throw new ExportFormatException(
                    ExportFormatError.InvalidHeader,
                    $"export.bin does not start with the header \"EK Export v1    \" (found \"{Printable(data[..HeaderLength])}\").");
            }

            pos = HeaderLength;
            _headerDone = true;
        }

        bool emitting = _selection != KeyListSelection.None;
        while (pos < data.Length)
        {
            if (_skipRemaining > 0)
            {
                int skip = (int)Math.Min(_skipRemaining, data.Length - pos);
                pos += skip;
                _skipRemaining -= skip;
                continue;
            }

            if (emitting && written == output.Length)
            {
                break;
            }

            int fieldStart = pos;
            ProtoWire.Status status = ProtoWire.TryReadVarint(data, ref pos, out ulong tag);
            if (status == ProtoWire.Status.NeedMoreData)
            {
                pos = fieldStart;
                break;
            }

            if (status == ProtoWire.Status.Malformed || tag > uint.MaxValue || (tag >> 3) == 0)
            {
                throw Malformed(fieldStart, "invalid field tag");
            }

            int field = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            if (!TryDecodeField(data, ref pos, fieldStart, field, wireType, output, ref written))
            {
                pos = fieldStart;
                break;
            }
        }

        _offset += pos;
        return pos;
    }

    /// <summary>Checks the end of input: the header was complete and no field was cut off.</summary>
    /// <param name="unconsumed">Bytes left over after the last <see cref="Decode"/> call.</param>
    public void Complete(long unconsumed)
    {
        if (!_headerDone)
        {
            throw new ExportFormatException(
                ExportFormatError.InvalidHeader,
                $"export.bin is {unconsumed} bytes long, shorter than its 16-byte header.");
        }

        if (_skipRemaining > 0 || unconsumed > 0)
        {
            throw Malformed(0, "the message is truncated (a field runs past the end of export.bin)");
        }
    }

    private bool TryDecodeField(ReadOnlySpan<byte> data, ref int pos, int fieldStart, int field, int wireType, Span<DiagnosisKey> output, ref int written)
    {
        switch (wireType)
        {
            case ProtoWire.WireVarint:
            {
                ProtoWire.Status status = ProtoWire.TryReadVarint(data, ref pos, out ulong value);
                if (status == ProtoWire.Status.NeedMoreData)
                {
                    return false;
                }

                if (status == ProtoWire.Status.Malformed)
                {
                    throw Malformed(fieldStart, "invalid varint");
                }

                if (field == FieldBatchNum)
                {
                    BatchNum = unchecked((int)value);
                }
                else if (field == FieldBatchSize)
                {
                    BatchSize = unchecked((int)value);
                }

                return true;
            }

            case ProtoWire.WireFixed64:
                if (data.Length - pos < 8)
                {
                    return false;
                }

                if (field == FieldStartTimestamp)
                {
                    StartTimestamp = ProtoWire.ReadFixed64(data[pos..]);
                }
                else if (field == FieldEndTimestamp)
                {
                    EndTimestamp = ProtoWire.ReadFixed64(data[pos..]);
                }

                pos += 8;
                return true;

            case ProtoWire.WireFixed32:
                if (data.Length - pos < 4)
                {
                    return false;
                }

                pos += 4;
                return true;

            case ProtoWire.WireLengthDelimited:
            {
                ProtoWire.Status status = ProtoWire.TryReadLength(data, ref pos, out int length);
                if (status == ProtoWire.Status.NeedMoreData)
                {
                    return false;
                }

                if (status == ProtoWire.Status.Malformed)
                {
                    throw Malformed(fieldStart, "invalid length prefix");
                }

                bool known = field is FieldRegion or FieldSignatureInfos or FieldKeys or FieldRevisedKeys;
                if (!known)
                {
                    int available = data.Length - pos;
                    if (length <= available)
                    {
                        pos += length;
                    }
                    else
                    {
                        pos = data.Length;
                        _skipRemaining = length - available;
                    }

                    return true;
                }

                if (length > MaxBufferedFieldLength)
                {
                    throw Malformed(fieldStart, $"field {field} is {length} bytes long, more than the {MaxBufferedFieldLength} allowed");
                }

                if (data.Length - pos < length)
                {
                    return false;
                }

                ReadOnlySpan<byte> body = data.Slice(pos, length);
                long bodyOffset = _offset + pos;
                pos += length;
                switch (field)
                {
                    case FieldRegion:
                        Region = DecodeString(body, bodyOffset, "region");
                        break;
                    case FieldSignatureInfos:
                        _signatureInfos.Add(DecodeSignatureInfo(body, bodyOffset));
                        break;
                    case FieldKeys:
                    {
                        DiagnosisKey key = DecodeKey(body, bodyOffset, KeyCount, revised: false);
                        KeyCount++;
                        if (_selection == KeyListSelection.Keys)
                        {
                            output[written++] = key;
                        }

                        break;
                    }

                    default:
                    {
                        DiagnosisKey key = DecodeKey(body, bodyOffset, RevisedKeyCount, revised: true);
                        RevisedKeyCount++;
                        if (_selection == KeyListSelection.RevisedKeys)
                        {
                            output[written++] = key;
                        }

                        break;
                    }
                }

                return true;
            }

            default:
                throw Malformed(fieldStart, $"unsupported wire type {wireType} for field {field}");
        }
    }

    internal static DiagnosisKey DecodeKey(ReadOnlySpan<byte> message, long offset, long index, bool revised)
    {
        ReadOnlySpan<byte> keyData = default;
        bool hasKeyData = false;
        int? transmissionRisk = null;
        long rollingStart = 0;
        long rollingPeriod = TemporaryExposureKey.MaxRollingPeriod;
        long? reportType = null;
        int? daysSinceOnset = null;

        int pos = 0;
        while (pos < message.Length)
        {
            int fieldStart = pos;
            if (ProtoWire.TryReadVarint(message, ref pos, out ulong tag) != ProtoWire.Status.Ok || tag > uint.MaxValue || (tag >> 3) == 0)
            {
                throw KeyError(ExportFormatError.MalformedExport, offset + fieldStart, index, revised, "invalid field tag");
            }

            int field = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            if (wireType == ProtoWire.WireVarint && field is >= 2 and <= 6)
            {
                if (ProtoWire.TryReadVarint(message, ref pos, out ulong value) != ProtoWire.Status.Ok)
                {
                    throw KeyError(ExportFormatError.MalformedExport, offset + fieldStart, index, revised, "invalid or truncated varint");
                }

                // int32 fields are sign-extended 64-bit varints; protobuf keeps the low 32 bits.
                int int32 = unchecked((int)value);
                switch (field)
                {
                    case 2:
                        transmissionRisk = int32;
                        break;
                    case 3:
                        rollingStart = int32;
                        break;
                    case 4:
                        rollingPeriod = int32;
                        break;
                    case 5:
                        reportType = int32;
                        break;
                    default:
                        daysSinceOnset = ProtoWire.DecodeZigZag32(unchecked((uint)value));
                        break;
                }
            }
            else if (wireType == ProtoWire.WireLengthDelimited && field == 1)
            {
                if (ProtoWire.TryReadLength(message, ref pos, out int length) != ProtoWire.Status.Ok || length > message.Length - pos)
                {
                    throw KeyError(ExportFormatError.MalformedExport, offset + fieldStart, index, revised, "key_data runs past the end of the key");
                }

                keyData = message.Slice(pos, length);
                hasKeyData = true;
                pos += length;
            }
            else if (ProtoWire.TrySkip(message, ref pos, wireType) != ProtoWire.Status.Ok)
            {
                throw KeyError(ExportFormatError.MalformedExport, offset + fieldStart, index, revised, $"field {field} (wire type {wireType}) is invalid or runs past the end of the key");
            }
        }

        if (!hasKeyData)
        {
            throw KeyError(ExportFormatError.InvalidKey, offset, index, revised, "key_data is missing");
        }

        if (keyData.Length != TemporaryExposureKey.KeyLength)
        {
            throw KeyError(ExportFormatError.InvalidKey, offset, index, revised, $"key_data is {keyData.Length} bytes, expected {TemporaryExposureKey.KeyLength}");
        }

        if (rollingStart < 0)
        {
            throw KeyError(ExportFormatError.InvalidKey, offset, index, revised, $"rolling_start_interval_number {rollingStart} is negative");
        }

        if (rollingPeriod is < 1 or > TemporaryExposureKey.MaxRollingPeriod)
        {
            throw KeyError(ExportFormatError.InvalidKey, offset, index, revised, $"rolling_period {rollingPeriod} is outside 1..144");
        }

        if (transmissionRisk is < 0 or > 8)
        {
            throw KeyError(ExportFormatError.InvalidKey, offset, index, revised, $"transmission_risk_level {transmissionRisk} is outside 0..8");
        }

        if (reportType is < 0 or > (int)ReportType.Revoked)
        {
            throw KeyError(ExportFormatError.InvalidKey, offset, index, revised, $"report_type {reportType} is not a known report type");
        }

        if (daysSinceOnset is < -14 or > 14)
        {
            throw KeyError(ExportFormatError.InvalidKey, offset, index, revised, $"days_since_onset_of_symptoms {daysSinceOnset} is outside -14..14");
        }

        var tek = TemporaryExposureKey.FromBytes(keyData, new EnIntervalNumber((uint)rollingStart), (int)rollingPeriod);
        return new DiagnosisKey(tek, transmissionRisk, reportType is { } rt ? (ReportType)rt : null, daysSinceOnset);
    }

    private ExportSignatureInfo DecodeSignatureInfo(ReadOnlySpan<byte> message, long offset)
    {
        string? keyVersion = null;
        string? keyId = null;
        string? algorithm = null;
        int pos = 0;
        while (pos < message.Length)
        {
            int fieldStart = pos;
            if (ProtoWire.TryReadVarint(message, ref pos, out ulong tag) != ProtoWire.Status.Ok || tag > uint.MaxValue || (tag >> 3) == 0)
            {
                throw Malformed(offset + fieldStart - _offset, "invalid field tag in signature_infos");
            }

            int field = (int)(tag >> 3);
            int wireType = (int)(tag & 7);
            if (wireType == ProtoWire.WireLengthDelimited && field is >= 3 and <= 5)
            {
                if (ProtoWire.TryReadLength(message, ref pos, out int length) != ProtoWire.Status.Ok || length > message.Length - pos)
                {
                    throw Malformed(offset + fieldStart - _offset, "a signature_infos string runs past its message");
                }

                string value = DecodeString(message.Slice(pos, length), offset + pos, "signature_infos");
                pos += length;
                switch (field)
                {
                    case 3:
                        keyVersion = value;
                        break;
                    case 4:
                        keyId = value;
                        break;
                    default:
                        algorithm = value;
                        break;
                }
            }
            else if (ProtoWire.TrySkip(message, ref pos, wireType) != ProtoWire.Status.Ok)
            {
                throw Malformed(offset + fieldStart - _offset, "invalid field in signature_infos");
            }
        }

        return new ExportSignatureInfo(keyId, keyVersion, algorithm);
    }

    private static string DecodeString(ReadOnlySpan<byte> bytes, long offset, string what)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ExportFormatException(ExportFormatError.MalformedExport, $"export.bin: {what} at byte offset {offset} is not valid UTF-8.", ex);
        }
    }

    private ExportFormatException Malformed(long relativeOffset, string what) =>
        new(ExportFormatError.MalformedExport, $"export.bin: {what} at byte offset {_offset + relativeOffset}.");

    private static ExportFormatException KeyError(ExportFormatError error, long offset, long index, bool revised, string what) =>
        new(error, $"export.bin: {(revised ? "revised key" : "key")} #{index} at byte offset {offset}: {what}.");

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (byte b in bytes)
        {
            builder.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return builder.ToString();
    }
}
