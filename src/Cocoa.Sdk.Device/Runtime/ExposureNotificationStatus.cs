namespace Cocoa.Sdk.Runtime;

/// <summary>What the app can show on its status screen.</summary>
/// <param name="State">The overall state.</param>
/// <param name="Bluetooth">The Bluetooth state reported by the platform adapters (the worse of advertiser and scanner).</param>
/// <param name="LastCheck">When the last exposure check ran (successfully or not), or <see langword="null"/>.</param>
/// <param name="LastSuccessfulCheck">When the last exposure check completed successfully, or <see langword="null"/>.</param>
/// <param name="HighRiskDays">UTC dates (within the retention period) that met the risk rule, oldest first.</param>
public sealed record ExposureNotificationStatus(
    ExposureNotificationState State,
    BluetoothState Bluetooth,
    DateTimeOffset? LastCheck,
    DateTimeOffset? LastSuccessfulCheck,
    IReadOnlyList<DateOnly> HighRiskDays)
{
    /// <summary>Gets whether the user has agreed to exposure notification.</summary>
    public bool HasConsent => State != ExposureNotificationState.ConsentRequired;

    /// <summary>Gets whether this device is currently recording contacts.</summary>
    public bool IsRecording => State == ExposureNotificationState.Active;
}
