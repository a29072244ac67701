namespace Cocoa.Samples.App;

/// <summary>
/// The consent screen: what the app does, the privacy promises the user agrees on, and the two choices. Nothing is
/// generated, broadcast, scanned or stored before the user chooses <see cref="Agree"/>.
/// </summary>
public static class ConsentScreen
{
    /// <summary>The screen title.</summary>
    public static Bilingual Title { get; } = new("接触確認アプリの利用について", "About the contact-confirming app");

    /// <summary>What the app is for.</summary>
    public static Bilingual Purpose { get; } = new(
        "本人の同意を前提に、スマートフォンのブルートゥースを利用して、互いに分からないようプライバシーを確保して、"
        + "新型コロナウイルス感染症の陽性者と接触した可能性について通知を受けることができます。"
        + "接触の可能性が分かることで、検査の受診など保健所のサポートを早く受けることができます。",
        "With your consent, the app uses your phone's Bluetooth to tell you when you may have been in contact with "
        + "someone who tested positive for COVID-19, while neither of you learns who the other is. Knowing early lets you "
        + "get tested and receive the health center's support sooner.");

    /// <summary>The privacy promises (〈プライバシーに最大限配慮〉 and 〈ブルートゥースによる接触の検知〉), in the order shown.</summary>
    public static IReadOnlyList<Bilingual> Promises { get; } =
    [
        new("電話番号、位置情報など個人が特定される情報は記録しません。",
            "Nothing that identifies you, such as your phone number or location, is recorded."),
        new("どこで、いつ、誰と近接したかは、互いに分かりません。",
            "Nobody, including the other person, learns where, when or with whom you were close."),
        new("近接に関する情報（ランダムな符号）は端末内のみで保持し、14日経過後に自動で無効となります。",
            "Proximity information (random codes) is kept only on this phone and expires automatically after 14 days."),
        new("利用の同意はいつでも撤回し、アプリを削除して、記録を消去できます。",
            "You can withdraw your consent at any time, delete the app and erase its records."),
        new("国・自治体では、個人情報や陽性者と接触者の関係は分かりません。",
            "The national and local governments cannot learn your personal information or who was in contact with whom."),
        new("ブルートゥースにより、1メートル以内、15分以上接触した可能性を検知します。",
            "Bluetooth detects possible contact within about 1 metre for 15 minutes or more."),
        new("ブルートゥースをオフにすると記録しません。",
            "Nothing is recorded while Bluetooth is off."),
        new("消費電力の少ないブルートゥース（BLE）を使用します。",
            "The app uses low-energy Bluetooth (BLE)."),
        new("陽性登録は任意です。登録しても、氏名や連絡先は送信されません。",
            "Registering a positive result is optional; your name and contact details are never sent."),
        new("仕様は開示されています。", "The specification is public."),
    ];

    /// <summary>The button that starts exposure notification.</summary>
    public static Bilingual Agree { get; } = new("同意する", "I agree");

    /// <summary>The button that leaves everything off.</summary>
    public static Bilingual Decline { get; } = new("同意しない", "I do not agree");

    /// <summary>Shown after the user declined.</summary>
    public static Bilingual Declined { get; } = new(
        "同意されなかったため、接触の記録は行いません。いつでもこの画面から利用を開始できます。",
        "You did not agree, so nothing is recorded. You can start from this screen at any time.");

    /// <summary>The whole screen as text.</summary>
    public static string Render()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(Title.ToString()).AppendLine().AppendLine(Purpose.ToString()).AppendLine();
        foreach (Bilingual promise in Promises)
        {
            text.Append("・").AppendLine(promise.Ja).Append("  ").AppendLine(promise.En);
        }

        text.AppendLine().Append("[").Append(Agree.Ja).Append(" / ").Append(Agree.En).Append("]  [")
            .Append(Decline.Ja).Append(" / ").Append(Decline.En).AppendLine("]");
        return text.ToString();
    }
}
