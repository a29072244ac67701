using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cocoa.Samples.HealthCenter.Api;

/// <summary>A validated patient registration: 氏名 (name), フリガナ (kana), 携帯電話番号 (mobile) and/or メールアドレス
/// (e-mail), 担当保健所 (health center).</summary>
public sealed partial record PatientInput(string Name, string NameKana, string? Phone, string? Email, string HealthCenter)
{
    /// <summary>Longest accepted name, kana or health-center name.</summary>
    public const int MaxTextLength = 64;

    /// <summary>Parses the JSON body of <c>POST /api/patients</c>: one object with exactly the known string properties
    /// (phone and email may be null or absent). Returns an error message, or null with <paramref name="input"/> set.</summary>
    public static string? TryParseJson(ReadOnlySpan<byte> utf8, out PatientInput? input)
    {
        input = null;
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = 4 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return "The body must be a JSON object.";
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                if (name is not ("name" or "nameKana" or "phone" or "email" or "healthCenter"))
                {
                    return "Unknown property.";
                }

                if (!reader.Read() || reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null) || !fields.TryAdd(name, reader.TokenType == JsonTokenType.Null ? null : reader.GetString()))
                {
                    return $"'{name}' must be a string and appear once.";
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return "The body must be one JSON object.";
            }
        }
        catch (JsonException)
        {
            return "The body is not valid JSON.";
        }

        return Validate(fields.GetValueOrDefault("name"), fields.GetValueOrDefault("nameKana"), fields.GetValueOrDefault("phone"),
            fields.GetValueOrDefault("email"), fields.GetValueOrDefault("healthCenter"), out input);
    }

    /// <summary>Validates and normalises the fields (also used by the web form).</summary>
    public static string? Validate(string? name, string? nameKana, string? phone, string? email, string? healthCenter, out PatientInput? input)
    {
        input = null;
        name = name?.Trim();
        nameKana = nameKana?.Trim();
        healthCenter = healthCenter?.Trim();
        phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();

        if (!IsPersonName(name))
        {
            return "氏名 / name: 1–64 letters (kanji, kana, Latin), spaces, ・ or -.";
        }

        if (!IsKatakana(nameKana))
        {
            return "フリガナ / name in kana: 1–64 full-width katakana and spaces.";
        }

        if (!IsPlaceName(healthCenter))
        {
            return "担当保健所 / health center: 1–64 letters, digits, spaces, ・, -, parentheses.";
        }

        if (phone is null && email is null)
        {
            return "携帯電話番号またはメールアドレス / a mobile phone number or an e-mail address is required.";
        }

        string? normalisedPhone = null;
        if (phone is not null)
        {
            string digits = NormalizePhone(phone);
            if (!MobilePhone().IsMatch(digits))
            {
                return "携帯電話番号 / mobile phone: a Japanese mobile number such as 090-1234-5678 (SMS cannot reach landlines).";
            }

            normalisedPhone = digits;
        }

        if (email is not null && (email.Length > 254 || !EmailAddress().IsMatch(email)))
        {
            return "メールアドレス / e-mail: an address such as name@example.jp.";
        }

        input = new PatientInput(name!, nameKana!, normalisedPhone, email?.ToLowerInvariant(), healthCenter!);
        return null;
    }

    /// <summary>
    /// The one stored form of a Japanese mobile number, however it was written: <c>090-1234-5678</c>, <c>09012345678</c>,
    /// <c>+81 90 1234 5678</c> and <c>+819012345678</c> (the form SMS gateways use) all become <c>09012345678</c>.
    /// </summary>
    internal static string NormalizePhone(string phone)
    {
        var compact = new System.Text.StringBuilder(phone.Length);
        foreach (char c in phone)
        {
            if (c is not (' ' or '-' or '(' or ')' or '\u3000' or '\u2010' or '\u2212' or '\uFF0D'))
            {
                compact.Append(c);
            }
        }

        string text = compact.ToString();
        return text.StartsWith("+81", StringComparison.Ordinal) && text.Length > 3 && text[3] != '0' ? "0" + text[3..] : text;
    }

    private static bool IsPersonName(string? text) =>
        text is { Length: > 0 and <= MaxTextLength } && text.All(c =>
            char.IsLetter(c) || IsMark(c) || c is ' ' or '\u3000' or '・' or 'ー' or '-' or '.');

    private static bool IsKatakana(string? text) =>
        text is { Length: > 0 and <= MaxTextLength } && text.All(c => c is (>= '\u30A1' and <= '\u30FA') or 'ー' or '・' or ' ' or '\u3000');

    private static bool IsPlaceName(string? text) =>
        text is { Length: > 0 and <= MaxTextLength } && text.All(c =>
            char.IsLetterOrDigit(c) || IsMark(c) || c is ' ' or '\u3000' or '・' or 'ー' or '-' or '(' or ')' or '（' or '）');

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    [GeneratedRegex(@"\A0[6789]0[0-9]{8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MobilePhone();

    [GeneratedRegex(@"\A[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex EmailAddress();
}
