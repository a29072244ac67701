using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Cocoa.Samples.HealthCenter.Web;

/// <summary>Minimal HTML building: every value goes through <see cref="E"/> (HTML encoding that keeps Japanese readable).</summary>
public sealed class Html
{
    private static readonly HtmlEncoder s_encoder = HtmlEncoder.Create(UnicodeRanges.All);
    private readonly StringBuilder _sb = new();

    /// <summary>HTML-encodes text for element content and quoted attribute values.</summary>
    public static string E(string? text) => text is null ? "" : s_encoder.Encode(text);

    /// <summary>Appends trusted markup.</summary>
    public Html Raw(string markup)
    {
        _sb.Append(markup);
        return this;
    }

    /// <summary>Appends encoded text.</summary>
    public Html Text(string? text) => Raw(E(text));

    /// <summary>Wraps body markup into a full page.</summary>
    public static string Page(string title, string body) =>
        "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
        $"<title>{E(title)}</title><style>{Css}</style></head><body>" +
        "<header><h1>保健所 処理番号管理 <small>Health center · processing numbers</small></h1></header><main>" +
        body + "</main></body></html>";

    /// <inheritdoc/>
    public override string ToString() => _sb.ToString();

    /// <summary>Formats a time in the display offset, or a dash.</summary>
    public static string Time(DateTimeOffset? time, TimeSpan offset) =>
        time is { } t ? t.ToOffset(offset).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) : "—";

    private const string Css =
        "body{font-family:system-ui,'Noto Sans CJK JP',sans-serif;margin:0;background:#f4f6f8;color:#1d2733}" +
        "header{background:#0b5394;color:#fff;padding:.6rem 1.2rem}header h1{font-size:1.25rem;margin:0}header small{font-weight:normal;opacity:.85;margin-left:.5rem}" +
        "main{padding:1rem 1.2rem;max-width:84rem}section{background:#fff;border:1px solid #d5dbe1;border-radius:6px;padding:1rem;margin-bottom:1rem}" +
        "h2{font-size:1.05rem;margin:.2rem 0 .8rem}h2 small,label small,th small,button small{font-weight:normal;color:#5b6b7b;display:block;font-size:.75rem}" +
        "button small{color:inherit;opacity:.85}" +
        "table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #e3e7eb;padding:.4rem;text-align:left;vertical-align:top}" +
        "th{background:#eef2f6}td:nth-child(-n+4),td:nth-child(n+6):nth-child(-n+8){white-space:nowrap}form.inline{display:inline}.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.6rem 1rem}" +
        "label{display:block;font-size:.9rem}input{width:100%;box-sizing:border-box;padding:.35rem;border:1px solid #aab4be;border-radius:4px;font-size:.95rem}" +
        "button{background:#0b5394;color:#fff;border:0;border-radius:4px;padding:.4rem .8rem;cursor:pointer;font-size:.9rem}button.secondary{background:#5b6b7b}" +
        ".notice{background:#e6f4ea;border:1px solid #9fd3ad;padding:.5rem .8rem;border-radius:4px;margin-bottom:1rem}" +
        ".error{background:#fdecea;border:1px solid #f1a9a0;padding:.5rem .8rem;border-radius:4px;margin-bottom:1rem}" +
        ".state{font-weight:600}.state-issued{color:#0b7a35}.state-expired{color:#a15c00}.state-used{color:#0b5394}.state-exhausted{color:#a12a1a}" +
        ".bar{display:flex;justify-content:space-between;align-items:center;margin-bottom:1rem}.muted{color:#5b6b7b;font-size:.85rem}";
}
