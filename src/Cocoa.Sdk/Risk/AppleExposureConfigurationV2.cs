using Cocoa.Sdk.Export;

namespace Cocoa.Sdk.Risk;

/// <summary>The <c>apple_exposure_config_v2</c> section of COCOA's <c>configuration.json</c> (iOS <c>ENExposureConfiguration</c>; weights in percent).</summary>
/// <threadsafety>Instances are immutable and thread-safe.</threadsafety>
public sealed class AppleExposureConfigurationV2
{
    /// <summary>Creates the section from its parts; <see cref="ToDailySummariesConfig"/> validates ranges.</summary>
    /// <param name="attenuationDurationThresholds">Three thresholds in dB.</param>
    /// <param name="immediateDurationWeight">Weight (%) of the immediate bucket.</param>
    /// <param name="nearDurationWeight">Weight (%) of the near bucket.</param>
    /// <param name="mediumDurationWeight">Weight (%) of the medium bucket.</param>
    /// <param name="otherDurationWeight">Weight (%) of the other bucket.</param>
    /// <param name="daysSinceLastExposureThreshold">Day threshold (0 = none).</param>
    /// <param name="mapping">Days-since-onset mapping, missing-onset infectiousness and report type for keys without one.</param>
    /// <param name="infectiousnessHighWeight">Weight (%) of High.</param>
    /// <param name="infectiousnessStandardWeight">Weight (%) of Standard.</param>
    /// <param name="reportTypeConfirmedTestWeight">Weight (%) of ConfirmedTest.</param>
    /// <param name="reportTypeConfirmedClinicalDiagnosisWeight">Weight (%) of ConfirmedClinicalDiagnosis.</param>
    /// <param name="reportTypeSelfReportedWeight">Weight (%) of SelfReport.</param>
    /// <param name="reportTypeRecursiveWeight">Weight (%) of Recursive.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public AppleExposureConfigurationV2(
        IReadOnlyList<int> attenuationDurationThresholds,
        double immediateDurationWeight,
        double nearDurationWeight,
        double mediumDurationWeight,
        double otherDurationWeight,
        int daysSinceLastExposureThreshold,
        DiagnosisKeysDataMapping mapping,
        double infectiousnessHighWeight,
        double infectiousnessStandardWeight,
        double reportTypeConfirmedTestWeight,
        double reportTypeConfirmedClinicalDiagnosisWeight,
        double reportTypeSelfReportedWeight,
        double reportTypeRecursiveWeight)
    {
        ArgumentNullException.ThrowIfNull(attenuationDurationThresholds);
        ArgumentNullException.ThrowIfNull(mapping);
        AttenuationDurationThresholds = attenuationDurationThresholds.ToArray().AsReadOnly();
        ImmediateDurationWeight = immediateDurationWeight;
        NearDurationWeight = nearDurationWeight;
        MediumDurationWeight = mediumDurationWeight;
        OtherDurationWeight = otherDurationWeight;
        DaysSinceLastExposureThreshold = daysSinceLastExposureThreshold;
        Mapping = mapping;
        InfectiousnessHighWeight = infectiousnessHighWeight;
        InfectiousnessStandardWeight = infectiousnessStandardWeight;
        ReportTypeConfirmedTestWeight = reportTypeConfirmedTestWeight;
        ReportTypeConfirmedClinicalDiagnosisWeight = reportTypeConfirmedClinicalDiagnosisWeight;
        ReportTypeSelfReportedWeight = reportTypeSelfReportedWeight;
        ReportTypeRecursiveWeight = reportTypeRecursiveWeight;
    }

    /// <summary>Gets COCOA's production section: thresholds 46/60/65, weights 100/250/130/1 %, all other weights 100 %.</summary>
    public static AppleExposureConfigurationV2 CocoaProduction { get; } = new(
        [46, 60, 65], 100.0, 250.0, 130.0, 1.0, 0, DiagnosisKeysDataMapping.CocoaProduction, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0);

    /// <summary>Gets the three attenuation thresholds in dB.</summary>
    public IReadOnlyList<int> AttenuationDurationThresholds { get; }

    /// <summary>Gets the immediate-bucket weight in percent.</summary>
    public double ImmediateDurationWeight { get; }

    /// <summary>Gets the near-bucket weight in percent.</summary>
    public double NearDurationWeight { get; }

    /// <summary>Gets the medium-bucket weight in percent.</summary>
    public double MediumDurationWeight { get; }

    /// <summary>Gets the other-bucket weight in percent.</summary>
    public double OtherDurationWeight { get; }

    /// <summary>Gets the day threshold (the JSON's <c>DaysSinceLastExposureThreshold</c>).</summary>
    public int DaysSinceLastExposureThreshold { get; }

    /// <summary>Gets the days-since-onset mapping, missing-onset infectiousness and <c>report_type_none_map</c>.</summary>
    public DiagnosisKeysDataMapping Mapping { get; }

    /// <summary>Gets the High infectiousness weight in percent.</summary>
    public double InfectiousnessHighWeight { get; }

    /// <summary>Gets the Standard infectiousness weight in percent.</summary>
    public double InfectiousnessStandardWeight { get; }

    /// <summary>Gets the ConfirmedTest weight in percent.</summary>
    public double ReportTypeConfirmedTestWeight { get; }

    /// <summary>Gets the ConfirmedClinicalDiagnosis weight in percent.</summary>
    public double ReportTypeConfirmedClinicalDiagnosisWeight { get; }

    /// <summary>Gets the SelfReport weight in percent.</summary>
    public double ReportTypeSelfReportedWeight { get; }

    /// <summary>Gets the Recursive weight in percent.</summary>
    public double ReportTypeRecursiveWeight { get; }

    /// <summary>Converts to the equivalent <see cref="DailySummariesConfig"/> (percent ÷ 100).</summary>
    /// <returns>The configuration iOS would score with.</returns>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public DailySummariesConfig ToDailySummariesConfig() => new(
        AttenuationDurationThresholds,
        [ImmediateDurationWeight / 100, NearDurationWeight / 100, MediumDurationWeight / 100, OtherDurationWeight / 100],
        new Dictionary<Infectiousness, double>
        {
            [Infectiousness.Standard] = InfectiousnessStandardWeight / 100,
            [Infectiousness.High] = InfectiousnessHighWeight / 100,
        },
        new Dictionary<ReportType, double>
        {
            [ReportType.ConfirmedTest] = ReportTypeConfirmedTestWeight / 100,
            [ReportType.ConfirmedClinicalDiagnosis] = ReportTypeConfirmedClinicalDiagnosisWeight / 100,
            [ReportType.SelfReport] = ReportTypeSelfReportedWeight / 100,
            [ReportType.Recursive] = ReportTypeRecursiveWeight / 100,
        },
        0,
        DaysSinceLastExposureThreshold);
}
