using System.Collections.ObjectModel;
using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Risk;

/// <summary>Maps the metadata a diagnosis key carries (days since onset, report type) to what exposure windows report.</summary>
/// <remarks>
/// <para>Days since onset outside -14..14, or without an entry in the map, map to <see cref="Infectiousness.None"/>;
/// a key without days since onset maps to <see cref="InfectiousnessWhenDaysSinceOnsetMissing"/>; a key without a report
/// type (absent or <see cref="ReportType.Unknown"/>) maps to <see cref="ReportTypeWhenMissing"/>.</para>
/// </remarks>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class DiagnosisKeysDataMapping
{
    /// <summary>The largest absolute days-since-onset value the mapping covers (14).</summary>
    public const int MaximumDaysSinceOnset = 14;

    private readonly Infectiousness[] _byDay = new Infectiousness[(2 * MaximumDaysSinceOnset) + 1];

    /// <summary>Creates a mapping.</summary>
    /// <param name="infectiousnessForDaysSinceOnsetOfSymptoms">Infectiousness per days since onset (-14..14); missing days are <see cref="Infectiousness.None"/>.</param>
    /// <param name="infectiousnessWhenDaysSinceOnsetMissing">Infectiousness of keys without days since onset.</param>
    /// <param name="reportTypeWhenMissing">Report type of keys without one; must not be <see cref="ReportType.Unknown"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="infectiousnessForDaysSinceOnsetOfSymptoms"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A day is outside -14..14, or a value is undefined, or the report type is Unknown.</exception>
    public DiagnosisKeysDataMapping(
        IReadOnlyDictionary<int, Infectiousness> infectiousnessForDaysSinceOnsetOfSymptoms,
        Infectiousness infectiousnessWhenDaysSinceOnsetMissing,
        ReportType reportTypeWhenMissing)
    {
        ArgumentNullException.ThrowIfNull(infectiousnessForDaysSinceOnsetOfSymptoms);
        foreach ((int day, Infectiousness value) in infectiousnessForDaysSinceOnsetOfSymptoms)
        {
            if (day < -MaximumDaysSinceOnset || day > MaximumDaysSinceOnset)
            {
                throw new ArgumentOutOfRangeException(nameof(infectiousnessForDaysSinceOnsetOfSymptoms), day, "Days since onset must be within -14..14.");
            }

            CheckInfectiousness(value, nameof(infectiousnessForDaysSinceOnsetOfSymptoms));
            _byDay[day + MaximumDaysSinceOnset] = value;
        }

        CheckInfectiousness(infectiousnessWhenDaysSinceOnsetMissing, nameof(infectiousnessWhenDaysSinceOnsetMissing));
        if (reportTypeWhenMissing is <= ReportType.Unknown or > ReportType.Revoked)
        {
            throw new ArgumentOutOfRangeException(nameof(reportTypeWhenMissing), reportTypeWhenMissing, "The report type for keys without one must be a defined type other than Unknown.");
        }

        var copy = new Dictionary<int, Infectiousness>();
        for (int d = -MaximumDaysSinceOnset; d <= MaximumDaysSinceOnset; d++)
        {
            copy[d] = _byDay[d + MaximumDaysSinceOnset];
        }

        InfectiousnessForDaysSinceOnsetOfSymptoms = new ReadOnlyDictionary<int, Infectiousness>(copy);
        InfectiousnessWhenDaysSinceOnsetMissing = infectiousnessWhenDaysSinceOnsetMissing;
        ReportTypeWhenMissing = reportTypeWhenMissing;
    }

    /// <summary>
    /// Gets COCOA's production mapping (<c>configuration.json</c>): days -3..10 are <see cref="Infectiousness.High"/>, all others
    /// <see cref="Infectiousness.None"/>; keys without onset are High; keys without report type are ConfirmedTest.
    /// </summary>
    public static DiagnosisKeysDataMapping CocoaProduction { get; } = CreateCocoaProduction();

    /// <summary>Gets the infectiousness for each days-since-onset value -14..14 (29 entries).</summary>
    public IReadOnlyDictionary<int, Infectiousness> InfectiousnessForDaysSinceOnsetOfSymptoms { get; }

    /// <summary>Gets the infectiousness of keys without days since onset.</summary>
    public Infectiousness InfectiousnessWhenDaysSinceOnsetMissing { get; }

    /// <summary>Gets the report type of keys without one.</summary>
    public ReportType ReportTypeWhenMissing { get; }

    /// <summary>Maps a key's days since onset to its infectiousness.</summary>
    /// <param name="daysSinceOnsetOfSymptoms">Days since onset, or <see langword="null"/> when the key has none.</param>
    /// <returns>The infectiousness (<see cref="Infectiousness.None"/> outside -14..14).</returns>
    public Infectiousness GetInfectiousness(int? daysSinceOnsetOfSymptoms) => daysSinceOnsetOfSymptoms switch
    {
        null => InfectiousnessWhenDaysSinceOnsetMissing,
        int d when d >= -MaximumDaysSinceOnset && d <= MaximumDaysSinceOnset => _byDay[d + MaximumDaysSinceOnset],
        _ => Infectiousness.None,
    };

    /// <summary>Maps a key's report type.</summary>
    /// <param name="reportType">The key's report type, or <see langword="null"/> when absent.</param>
    /// <returns>The report type, with absent and <see cref="ReportType.Unknown"/> replaced by <see cref="ReportTypeWhenMissing"/>.</returns>
    public ReportType GetReportType(ReportType? reportType) =>
        reportType is null or ReportType.Unknown ? ReportTypeWhenMissing : reportType.Value;

    private static void CheckInfectiousness(Infectiousness value, string paramName)
    {
        if (value is < Infectiousness.None or > Infectiousness.High)
        {
            throw new ArgumentOutOfRangeException(paramName, value, "Undefined infectiousness.");
        }
    }

    private static DiagnosisKeysDataMapping CreateCocoaProduction()
    {
        var map = new Dictionary<int, Infectiousness>();
        for (int d = -MaximumDaysSinceOnset; d <= MaximumDaysSinceOnset; d++)
        {
            map[d] = d is >= -3 and <= 10 ? Infectiousness.High : Infectiousness.None;
        }

        return new DiagnosisKeysDataMapping(map, Infectiousness.High, ReportType.ConfirmedTest);
    }
}
