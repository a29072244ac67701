using System.Globalization;
using Cocoa.Samples.HealthCenter.Storage;
using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.HealthCenter.Messaging;

/// <summary>Texts of the number and reminder messages (Japanese first, English after).</summary>
public sealed class MessageComposer(HealthCenterOptions options)
{
    /// <summary>The message carrying a (re)issued number: the bare number, its validity and the deep link.</summary>
    public OutgoingMessage NumberMessage(PatientRecord patient, ProcessingNumber number, NumberCycle cycle, DateTimeOffset now)
    {
        string until = Local(cycle.ExpiresAt);
        string link = number.ToDeepLink(options.LinkHost).ToString();
        string header = cycle.ReissueCount == 0
            ? "【処理番号のお知らせ】"
            : $"【処理番号の再発行 {cycle.ReissueCount}/{options.MaxAutomaticReissues}】";
        string body =
            $"{header}{patient.HealthCenter}です。接触確認アプリCOCOAをお持ちの方へ\n" +
            $"処理番号: {number.Value}\n" +
            $"有効期限: {until}まで（{Duration(options.Validity)}有効）\n" +
            $"以下のリンクから陽性登録をお願いします（アプリが起動します）。\n{link}\n" +
            $"To COCOA users from {patient.HealthCenter}: your processing number is {number.Value}, valid until {until} (JST). " +
            $"Open the link above to register your positive result in the app.";
        (string to, MessageChannel channel) = Recipient(patient);
        return new OutgoingMessage(cycle.MessageId, to, channel, body, now);
    }

    /// <summary>The reminder during the last reissue's validity; it cannot repeat the number (only its hash is kept).</summary>
    public OutgoingMessage ReminderMessage(PatientRecord patient, NumberCycle cycle, string messageId, DateTimeOffset now)
    {
        string sent = Local(cycle.IssuedAt);
        string until = Local(cycle.ExpiresAt);
        string body =
            $"【リマインド】{patient.HealthCenter}です。{sent}にお送りした処理番号は{until}まで有効です。" +
            "まだの場合は、そのメッセージのリンクから接触確認アプリCOCOAへの陽性登録をお願いします。これが最後のご案内です。\n" +
            $"Reminder from {patient.HealthCenter}: the processing number we sent at {sent} (JST) is valid until {until} (JST). " +
            "If you have not registered yet, please open the link in that message. This is the last reminder.";
        (string to, MessageChannel channel) = Recipient(patient);
        return new OutgoingMessage(messageId, to, channel, body, now);
    }

    private static (string To, MessageChannel Channel) Recipient(PatientRecord patient) =>
        patient.Phone is { } phone ? (phone, MessageChannel.Sms) : (patient.Email!, MessageChannel.Email);

    private string Local(DateTimeOffset time) =>
        time.ToOffset(options.DisplayOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1 && span.Minutes == 0 && span.Seconds == 0
            ? $"{(long)span.TotalHours}時間"
            : $"{(long)span.TotalMinutes}分";
}
