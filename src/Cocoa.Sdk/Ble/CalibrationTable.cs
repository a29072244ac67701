// Device calibration for BLE attenuation: Google's per-model CSV (header "oem,device, model,rssi correction,tx,calibration confidence")
// and the lookup fallback of the reference implementations: exact (oem, device, model) row; else the average of rows with the
// same device or model (Medium); else the manufacturer average (Low); else the fleet average (Lowest); names compared case-insensitively.

using System.Globalization;
using System.IO.Compression;
using Cocoa.Sdk.Ble.Internal;
using Cocoa.Sdk.Crypto;

namespace Cocoa.Sdk.Ble;

/// <summary>A table of per-device BLE calibration (TX power, RSSI correction, confidence), loaded from Google's calibration CSV.</summary>
/// <remarks>
/// <para>Parsing is lenient per row: malformed rows are skipped and listed in <see cref="Problems"/> with their line numbers, so
/// one bad line does not leave a phone without calibration; check <see cref="Problems"/> to be strict. A missing or incomplete
/// header, or a file without a single valid row, throws <see cref="CalibrationTableFormatException"/>. Columns are found by
/// header name (trimmed, case-insensitive), so the stray space in Google's <c>" model"</c> header and reordered columns are accepted.</para>
/// <para><see cref="Lookup"/> averages are rounded to the nearest integer, halves away from zero. Duplicate rows for the same
/// device (the 2020-08-12 edition has 56 such keys, differing only in case) resolve to the row with the highest confidence,
/// then the earliest row.</para>
/// </remarks>
/// <threadsafety>Instances are immutable after loading and thread-safe.</threadsafety>
public sealed class CalibrationTable
{
    private const string BuiltInResourceName = "Cocoa.Sdk.Ble.en_calibration_2020_08_12.csv.gz";

    private static readonly Lazy<CalibrationTable> BuiltInTable = new(LoadBuiltIn, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly string[] RequiredColumns = ["oem", "device", "model", "rssi correction", "tx", "calibration confidence"];

    private readonly Dictionary<(string Manufacturer, string Device, string Model), CalibrationRecord> _exact;
    private readonly Dictionary<string, List<CalibrationRecord>> _byDevice;
    private readonly Dictionary<string, List<CalibrationRecord>> _byModel;
    private readonly Dictionary<string, DeviceCalibration> _byManufacturer;

    private CalibrationTable(List<CalibrationRecord> records, List<CalibrationTableProblem> problems)
    {
        Records = records.AsReadOnly();
        Problems = problems.AsReadOnly();
        var ignoreCase = StringComparer.OrdinalIgnoreCase;
        _exact = new Dictionary<(string, string, string), CalibrationRecord>(new TripleComparer());
        _byDevice = new Dictionary<string, List<CalibrationRecord>>(ignoreCase);
        _byModel = new Dictionary<string, List<CalibrationRecord>>(ignoreCase);
        var byManufacturer = new Dictionary<string, List<CalibrationRecord>>(ignoreCase);
        foreach (CalibrationRecord record in records)
        {
            var key = (record.Manufacturer, record.Device, record.Model);
            if (!_exact.TryGetValue(key, out CalibrationRecord? existing) || record.Confidence > existing.Confidence)
            {
                _exact[key] = record;
            }

            Add(_byDevice, record.Device, record);
            Add(_byModel, record.Model, record);
            Add(byManufacturer, record.Manufacturer, record);
        }

        _byManufacturer = new Dictionary<string, DeviceCalibration>(ignoreCase);
        foreach (KeyValuePair<string, List<CalibrationRecord>> pair in byManufacturer)
        {
            _byManufacturer[pair.Key] = Average(pair.Value, CalibrationConfidence.Low, CalibrationSource.Manufacturer);
        }

        FleetAverage = Average(records, CalibrationConfidence.Lowest, CalibrationSource.Fleet);
    }

    /// <summary>Gets the table built into the SDK: Google's calibration list of 2020-08-12 (11,809 rows).</summary>
    public static CalibrationTable BuiltIn => BuiltInTable.Value;

    /// <summary>Gets the valid rows, in file order.</summary>
    public IReadOnlyList<CalibrationRecord> Records { get; }

    /// <summary>Gets the malformed rows that were skipped, in file order.</summary>
    public IReadOnlyList<CalibrationTableProblem> Problems { get; }

    /// <summary>Gets the average of all rows, with confidence Lowest: the calibration of an unknown device.</summary>
    public DeviceCalibration FleetAverage { get; }

    /// <summary>Loads a calibration CSV file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The table.</returns>
    /// <exception cref="CalibrationTableFormatException">The header is wrong or no row is valid.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static CalibrationTable Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    /// <summary>Loads a calibration CSV from a stream (UTF-8, with or without a byte-order mark).</summary>
    /// <param name="stream">The CSV data; left open.</param>
    /// <returns>The table.</returns>
    /// <exception cref="CalibrationTableFormatException">The header is wrong or no row is valid.</exception>
    public static CalibrationTable Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, leaveOpen: true);
        return Parse(reader);
    }

    /// <summary>Parses calibration CSV text.</summary>
    /// <param name="reader">The CSV text.</param>
    /// <returns>The table.</returns>
    /// <exception cref="CalibrationTableFormatException">The header is wrong or no row is valid.</exception>
    public static CalibrationTable Parse(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var fields = new List<string>();
        string? header = reader.ReadLine();
        if (header is null)
        {
            throw new CalibrationTableFormatException("line 1: the calibration table is empty; expected the header 'oem,device, model,rssi correction,tx,calibration confidence'.");
        }

        if (!CsvFields.TrySplit(header, fields, out string? headerError))
        {
            throw new CalibrationTableFormatException($"line 1: malformed header: {headerError}.");
        }

        int columnCount = fields.Count;
        int[] columns = new int[RequiredColumns.Length];
        for (int c = 0; c < RequiredColumns.Length; c++)
        {
            columns[c] = fields.FindIndex(f => string.Equals(f, RequiredColumns[c], StringComparison.OrdinalIgnoreCase));
            if (columns[c] < 0)
            {
                throw new CalibrationTableFormatException($"line 1: the header has no '{RequiredColumns[c]}' column; expected 'oem,device, model,rssi correction,tx,calibration confidence'.");
            }
        }

        var records = new List<CalibrationRecord>();
        var problems = new List<CalibrationTableProblem>();
        int lineNumber = 1;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (TryParseRow(line, lineNumber, fields, columnCount, columns, out CalibrationRecord? record, out string? problem))
            {
                records.Add(record);
            }
            else
            {
                problems.Add(new CalibrationTableProblem(lineNumber, problem));
            }
        }

        if (records.Count == 0)
        {
            string detail = problems.Count == 0 ? "it has no rows" : $"all {problems.Count} rows are malformed, first {problems[0]}";
            throw new CalibrationTableFormatException($"The calibration table has no valid row: {detail}.", problems.AsReadOnly());
        }

        return new CalibrationTable(records, problems);
    }

    /// <summary>Finds the calibration of a device, falling back to similar devices, the manufacturer and the fleet.</summary>
    /// <param name="manufacturer">The manufacturer (Android <c>Build.MANUFACTURER</c>, e.g. "Google").</param>
    /// <param name="device">The device code name (Android <c>Build.DEVICE</c>, e.g. "flame").</param>
    /// <param name="model">The model name (Android <c>Build.MODEL</c>, e.g. "Pixel 4").</param>
    /// <returns>
    /// The exact row (its own confidence); otherwise the average of all rows whose device or model matches (Medium); otherwise the
    /// manufacturer's average (Low); otherwise <see cref="FleetAverage"/> (Lowest). Names are trimmed and compared case-insensitively.
    /// </returns>
    public DeviceCalibration Lookup(string manufacturer, string device, string model)
    {
        ArgumentNullException.ThrowIfNull(manufacturer);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(model);
        manufacturer = manufacturer.Trim();
        device = device.Trim();
        model = model.Trim();

        if (_exact.TryGetValue((manufacturer, device, model), out CalibrationRecord? exact))
        {
            return new DeviceCalibration(exact.TxPowerDbm, exact.RssiCorrectionDb, exact.Confidence, CalibrationSource.ExactModel);
        }

        List<CalibrationRecord>? byDevice = device.Length > 0 && _byDevice.TryGetValue(device, out List<CalibrationRecord>? d) ? d : null;
        List<CalibrationRecord>? byModel = model.Length > 0 && _byModel.TryGetValue(model, out List<CalibrationRecord>? m) ? m : null;
        if (byDevice is not null || byModel is not null)
        {
            var similar = new HashSet<CalibrationRecord>(ReferenceEqualityComparer.Instance);
            similar.UnionWith(byDevice ?? []);
            similar.UnionWith(byModel ?? []);
            return Average(similar, CalibrationConfidence.Medium, CalibrationSource.SimilarDevice);
        }

        return _byManufacturer.TryGetValue(manufacturer, out DeviceCalibration average) ? average : FleetAverage;
    }

    private static bool TryParseRow(
        string line,
        int lineNumber,
        List<string> fields,
        int columnCount,
        int[] columns,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CalibrationRecord? record,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem)
    {
        record = null;
        if (!CsvFields.TrySplit(line, fields, out problem))
        {
            return false;
        }

        if (fields.Count != columnCount)
        {
            problem = $"expected {columnCount} fields, found {fields.Count}";
            return false;
        }

        string manufacturer = fields[columns[0]];
        string device = fields[columns[1]];
        string model = fields[columns[2]];
        if (manufacturer.Length == 0 || device.Length == 0 || model.Length == 0)
        {
            problem = "oem, device and model must not be empty";
            return false;
        }

        if (!sbyte.TryParse(fields[columns[3]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out sbyte rssiCorrection))
        {
            problem = $"rssi correction '{fields[columns[3]]}' is not an integer between -128 and 127";
            return false;
        }

        if (!sbyte.TryParse(fields[columns[4]], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out sbyte tx))
        {
            problem = $"tx '{fields[columns[4]]}' is not an integer between -128 and 127";
            return false;
        }

        if (!int.TryParse(fields[columns[5]], NumberStyles.None, CultureInfo.InvariantCulture, out int confidence) || confidence > (int)CalibrationConfidence.High)
        {
            problem = $"calibration confidence '{fields[columns[5]]}' is not 0, 1, 2 or 3";
            return false;
        }

        record = new CalibrationRecord(manufacturer, device, model, rssiCorrection, tx, (CalibrationConfidence)confidence, lineNumber);
        return true;
    }

    private static DeviceCalibration Average(IReadOnlyCollection<CalibrationRecord> records, CalibrationConfidence confidence, CalibrationSource source)
    {
        long tx = 0;
        long rssi = 0;
        foreach (CalibrationRecord record in records)
        {
            tx += record.TxPowerDbm;
            rssi += record.RssiCorrectionDb;
        }

        return new DeviceCalibration(RoundedMean(tx, records.Count), RoundedMean(rssi, records.Count), confidence, source);
    }

    private static sbyte RoundedMean(long sum, int count) =>
        count == 0 ? (sbyte)0 : (sbyte)Math.Round((double)sum / count, MidpointRounding.AwayFromZero);

    private static void Add(Dictionary<string, List<CalibrationRecord>> index, string key, CalibrationRecord record)
    {
        if (!index.TryGetValue(key, out List<CalibrationRecord>? list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(record);
    }

    private static CalibrationTable LoadBuiltIn()
    {
        using Stream resource = typeof(CalibrationTable).Assembly.GetManifestResourceStream(BuiltInResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {BuiltInResourceName} is missing from Cocoa.Sdk.");
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        return Load(gzip);
    }

    private sealed class TripleComparer : IEqualityComparer<(string Manufacturer, string Device, string Model)>
    {
        public bool Equals((string Manufacturer, string Device, string Model) x, (string Manufacturer, string Device, string Model) y) =>
            string.Equals(x.Manufacturer, y.Manufacturer, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.Device, y.Device, StringComparison.OrdinalIgnoreCase)
            && string.Equals(x.Model, y.Model, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Manufacturer, string Device, string Model) obj) => HashCode.Combine(
            StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Manufacturer),
            StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Device),
            StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Model));
    }
}
