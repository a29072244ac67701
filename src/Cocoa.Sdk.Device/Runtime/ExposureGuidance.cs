namespace Cocoa.Sdk.Runtime;

/// <summary>The text an app shows when a high-risk contact day is found: what happened and what to do next.</summary>
/// <param name="Title">A short notification title.</param>
/// <param name="Message">The body: a possible contact, whom to contact about testing, and that testing is free.</param>
public sealed record ExposureGuidance(string Title, string Message)
{
    /// <summary>Gets the Japanese guidance (the default).</summary>
    public static ExposureGuidance Japanese { get; } = new(
        "陽性登録者との接触の可能性があります",
        "陽性登録をした方と接触した可能性があります。症状の有無にかかわらず、帰国者・接触者外来などの検査を受けられる医療機関、"
        + "またはコールセンターに連絡して受診方法をご確認ください。通知を受けた方の検査費用の本人負担はありません。");

    /// <summary>Gets the English guidance.</summary>
    public static ExposureGuidance English { get; } = new(
        "Possible contact with a person who tested positive",
        "You may have been near someone who later registered a positive test result. Whether or not you have symptoms, "
        + "contact a testing outpatient clinic or the call center to find out how to get tested. Testing is free of charge for you.");
}
