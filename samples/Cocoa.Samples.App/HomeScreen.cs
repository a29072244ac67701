using System.Globalization;
using Cocoa.Sdk.Runtime;

namespace Cocoa.Samples.App;

/// <summary>
/// The home screen: whether contacts are being recorded, when the last exposure check ran, and whether a possible
/// contact was found. Like COCOA, it never shows that this user registered as positive (anyone holding the phone could read it).
/// </summary>
/// <param name="Status">The runtime status it was built from.</param>
/// <param name="State">What the app is doing.</param>
/// <param name="LastCheck">When the last successful exposure check ran, or a note that none has run yet.</param>
/// <param name="Exposure">Whether a possible contact with a positive person was found.</param>
public sealed record HomeScreen(ExposureNotificationStatus Status, Bilingual State, Bilingual LastCheck, Bilingual Exposure)
{
    /// <summary>Japan Standard Time (no daylight saving), used for every time shown.</summary>
    public static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    /// <summary>Builds the screen from the runtime status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The screen.</returns>
    public static HomeScreen From(ExposureNotificationStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        Bilingual state = status.State switch
        {
            ExposureNotificationState.ConsentRequired => new(
                "利用を開始するには、利用規約とプライバシーへの配慮に同意してください。",
                "To start, agree to the terms and the privacy promises."),
            ExposureNotificationState.Stopped => new("接触確認は停止しています。", "Contact confirmation is stopped."),
            ExposureNotificationState.Active => new(
                "動作中：ブルートゥースで接触を記録しています（記録は端末内のみ、14日で消去）。",
                "Active: recording contacts over Bluetooth (kept only on this phone, erased after 14 days)."),
            ExposureNotificationState.BluetoothOff => new(
                "ブルートゥースがオフのため、接触を記録していません。設定からオンにしてください。",
                "Bluetooth is off, so no contacts are recorded. Turn it on in Settings."),
            _ => new(
                "この端末ではブルートゥースを利用できないため、接触を記録できません。",
                "Bluetooth cannot be used on this phone, so no contacts can be recorded."),
        };

        Bilingual lastCheck = status.LastSuccessfulCheck is { } at
            ? new($"最終確認: {Format(at)}（日本時間）", $"Last checked: {Format(at)} (JST)")
            : new("まだ接触の確認を行っていません。", "No exposure check has run yet.");

        Bilingual exposure = status.HighRiskDays.Count == 0
            ? new("陽性登録者との接触は確認されていません。", "No contact with a person who registered as positive was found.")
            : new(
                $"陽性登録者との接触の可能性があります（{string.Join("、", status.HighRiskDays.Select(FormatDate))}）。通知の案内をご確認ください。",
                $"You may have been in contact with a person who registered as positive ({string.Join(", ", status.HighRiskDays.Select(FormatDate))}). See the guidance in the notification.");

        return new HomeScreen(status, state, lastCheck, exposure);
    }

    /// <summary>The screen as text.</summary>
    public string Render() => $"{State}\n{LastCheck}\n{Exposure}";

    internal static string Format(DateTimeOffset time) =>
        time.ToOffset(Jst).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    internal static string FormatDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
