using Cocoa.Sdk.Runtime;

namespace Cocoa.Samples.App;

/// <summary>
/// The notification shown for a new day with a possible contact: what happened (the day only — never where or with
/// whom, which the phone does not know either) and what to do next.
/// </summary>
/// <param name="Day">The contact day (UTC date, as the keys are dated).</param>
/// <param name="Title">The notification title.</param>
/// <param name="Body">The guidance: testing outpatient clinic or call center; testing is free.</param>
public sealed record ExposureNotice(DateOnly Day, Bilingual Title, Bilingual Body)
{
    /// <summary>Builds the notice from the runtime's event.</summary>
    /// <param name="day">The high-risk day.</param>
    /// <returns>The notice.</returns>
    public static ExposureNotice For(ExposureDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        string date = HomeScreen.FormatDate(day.Date);
        var title = new Bilingual(ExposureGuidance.Japanese.Title, ExposureGuidance.English.Title);
        var body = new Bilingual(
            $"{date}に、{ExposureGuidance.Japanese.Message} 受診先が分からない場合は、アプリの案内またはコールセンター（受診・相談センター）にお問い合わせください。",
            $"On {date}: {ExposureGuidance.English.Message} If you do not know where to go, follow the app's guidance or call the call center (consultation center).");
        return new ExposureNotice(day.Date, title, body);
    }

    /// <summary>The notice as text.</summary>
    public string Render() => $"{Title}\n{Body}";
}
