namespace Cocoa.Samples.App;

/// <summary>What happened to a positive registration.</summary>
public enum RegistrationResult
{
    /// <summary>The notification server accepted the keys.</summary>
    Registered,

    /// <summary>The text is not 8 half-width digits (nothing was sent).</summary>
    InvalidFormat,

    /// <summary>The number is wrong, expired or already used (HTTP 406).</summary>
    WrongOrExpiredNumber,

    /// <summary>The registration center could not be reached (network error, timeout, HTTP 5xx).</summary>
    CenterUnreachable,

    /// <summary>The server rejected the data (HTTP 400).</summary>
    RejectedData,

    /// <summary>Too many attempts (HTTP 429).</summary>
    TooManyAttempts,

    /// <summary>Access from outside Japan (HTTP 403).</summary>
    OutsideJapan,

    /// <summary>Any other answer.</summary>
    Unexpected,

    /// <summary>The user has not agreed to use the app, so there are no keys to register.</summary>
    ConsentRequired,
}

/// <summary>The outcome of a positive registration and the message shown for it.</summary>
/// <param name="Result">What happened.</param>
/// <param name="Title">The alert title.</param>
/// <param name="Message">The alert text.</param>
/// <param name="KeysSent">How many daily keys were sent (0 unless registered).</param>
/// <param name="HttpStatus">The notification server's last HTTP status, or <see langword="null"/> when none arrived (for the app's logs, not for the user).</param>
public sealed record RegistrationOutcome(RegistrationResult Result, Bilingual Title, Bilingual Message, int KeysSent = 0, int? HttpStatus = null)
{
    /// <summary>Gets whether the registration succeeded.</summary>
    public bool Succeeded => Result == RegistrationResult.Registered;

    /// <summary>The alert as text.</summary>
    public string Render() => $"{Title}\n{Message}";

    internal static RegistrationOutcome For(RegistrationResult result, int keysSent = 0) => result switch
    {
        RegistrationResult.Registered => new(result,
            new("登録が完了しました", "Registration complete"),
            new("陽性情報の登録が完了しました。ご協力ありがとうございます。接触の可能性がある方に通知されますが、あなたが誰かは伝わりません。",
                "Your positive result has been registered. Thank you. People who may have been in contact with you will be notified without learning who you are."),
            keysSent),
        RegistrationResult.InvalidFormat => new(result,
            new("処理番号を確認してください", "Check the processing number"),
            new("処理番号は半角数字8桁で入力してください。", "Enter the processing number as 8 half-width digits.")),
        RegistrationResult.WrongOrExpiredNumber => new(result,
            new("処理番号が違います", "Incorrect processing number"),
            new("処理番号が誤っているか、有効期限が切れています。処理番号は発行から1時間で無効になります。"
                + "期限が切れた場合は、自動で再発行されるSMS・メールをお待ちいただくか、メッセージに記載の連絡先にお問い合わせください。",
                "The processing number is incorrect or has expired. A processing number is valid for 1 hour after it is issued. "
                + "If it has expired, wait for the reissued SMS or e-mail, or contact the number given in the message.")),
        RegistrationResult.CenterUnreachable => new(result,
            new("センターに接続できません", "Cannot connect to registration center"),
            new("センターに接続できません。通信状況の良い場所で、しばらくしてからもう一度お試しください。処理番号は発行から1時間有効です。",
                "Cannot connect to the registration center. Please try again in a while where the connection is good. The processing number is valid for 1 hour after it is issued.")),
        RegistrationResult.RejectedData => new(result,
            new("登録できませんでした", "Registration failed"),
            new("連絡先レコードデータに問題があります。", "There is a problem with the contact record data.")),
        RegistrationResult.TooManyAttempts => new(result,
            new("しばらくお待ちください", "Please wait"),
            new("試行回数が上限に達しました。しばらくしてからもう一度お試しください。", "Too many attempts. Please try again later.")),
        RegistrationResult.OutsideJapan => new(result,
            new("登録できませんでした", "Registration failed"),
            new("本アプリは日本国内でのみご利用できます。", "This app can only be used in Japan.")),
        RegistrationResult.ConsentRequired => new(result,
            new("利用を開始してください", "Start using the app first"),
            new("陽性登録の前に、利用規約とプライバシーへの配慮に同意して利用を開始してください。",
                "Agree to the terms and the privacy promises and start the app before registering.")),
        _ => new(result,
            new("登録できませんでした", "Registration failed"),
            new("予期しないエラーが発生しました。しばらくしてからもう一度お試しください。", "An unexpected error occurred. Please try again later.")),
    };
}
