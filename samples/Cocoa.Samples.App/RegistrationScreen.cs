using Cocoa.Sdk.Verification;

namespace Cocoa.Samples.App;

/// <summary>
/// The positive-registration screen. The number is typed (8 digits) or filled in from the registration link
/// <c>https://…/cocoa/a/?pn=&lt;number&gt;</c> in the health center's SMS or e-mail; when opened from the link the field
/// is read-only.
/// </summary>
/// <param name="PrefilledNumber">The number from the link, or <see langword="null"/> when the user types it.</param>
public sealed record RegistrationScreen(string? PrefilledNumber)
{
    /// <summary>The screen title.</summary>
    public static Bilingual Title { get; } = new("陽性情報の登録", "Register a positive test result");

    /// <summary>How to get a number and how long it is valid.</summary>
    public static Bilingual Explanation { get; } = new(
        "8桁の処理番号を入力してください。処理番号は、陽性と確認された方に保健所（HER-SYS）からSMSまたはメールで届きます。"
        + "処理番号の有効期限は発行から1時間です。期限が切れた場合は自動で再発行されたメッセージをお待ちいただくか、"
        + "メッセージに記載の連絡先にお問い合わせください。",
        "Enter the 8-digit processing number. People who tested positive receive it from the health center (HER-SYS) by "
        + "SMS or e-mail. A processing number is valid for 1 hour after it is issued. If it has expired, wait for the "
        + "automatically reissued message or contact the number given in the message.");

    /// <summary>What is sent, and what is not.</summary>
    public static Bilingual WhatIsSent { get; } = new(
        "登録すると、この端末が過去14日間に発信したランダムな符号（日次鍵）と処理番号だけが送信されます。"
        + "氏名・電話番号・位置情報・接触した相手の情報は送信されません。",
        "Registering sends only the processing number and the random codes (daily keys) this phone broadcast in the last "
        + "14 days. Your name, phone number, location and the people you met are never sent.");

    /// <summary>The label of the number field.</summary>
    public static Bilingual NumberLabel { get; } = new("処理番号（半角数字8桁）", "Processing number (8 digits)");

    /// <summary>Gets whether the number field is read-only (opened from the registration link).</summary>
    public bool NumberIsReadOnly => PrefilledNumber is not null;

    /// <summary>
    /// Handles the registration link that opened the app. A link whose number is not 8 digits opens the home screen
    /// instead (returns <see langword="null"/>), as COCOA does.
    /// </summary>
    /// <param name="link">The opened URL.</param>
    /// <returns>The screen with the number filled in, or <see langword="null"/> to show the home screen.</returns>
    public static RegistrationScreen? FromLink(string link) =>
        !ProcessingNumber.IsValidFormat(link.Trim()) && ProcessingNumber.TryParseInput(link, out ProcessingNumber number)
            ? new RegistrationScreen(number.Value)
            : null;

    /// <summary>The screen as text.</summary>
    public string Render() =>
        $"{Title}\n{Explanation}\n{WhatIsSent}\n{NumberLabel.Ja} / {NumberLabel.En}: "
        + (PrefilledNumber is null ? "________" : PrefilledNumber + "（リンクから入力済み / filled in from the link）");
}
