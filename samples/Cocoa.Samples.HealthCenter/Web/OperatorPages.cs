using System.Security.Claims;
using Cocoa.Samples.HealthCenter.Api;
using Cocoa.Samples.HealthCenter.Numbers;
using Cocoa.Samples.HealthCenter.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace Cocoa.Samples.HealthCenter.Web;

/// <summary>The server-rendered page for health-center staff (ID management screen): sign in, patient list, register
/// a patient, 〈処理番号発行〉. The processing number is never shown.</summary>
public static class OperatorPages
{
    private const int MaxFormBytes = 16 * 1024;

    /// <summary>Maps the pages.</summary>
    public static void Map(WebApplication app)
    {
        app.MapGet("/login", (HttpContext context, IAntiforgery antiforgery) => Page(context, LoginBody(context, antiforgery, null)));

        app.MapPost("/login", async (HttpContext context, IAntiforgery antiforgery, IOptions<HealthCenterOptions> options, IHealthCenterStore store, TimeProvider time, SignInThrottle throttle, CancellationToken ct) =>
        {
            if (await throttle.GetRetryAfterAsync(context, ct) is TimeSpan wait)
            {
                SignInThrottle.SetRetryAfter(context, wait);
                return Page(context, LoginBody(context, antiforgery, "試行回数が多すぎます。しばらくしてから再度お試しください / Too many attempts; please try again later."), 429);
            }

            IFormCollection? form = await ReadFormAsync(context, antiforgery);
            if (form is null)
            {
                return Page(context, LoginBody(context, antiforgery, "フォームが無効です / The form was invalid; please try again."), 400);
            }

            string staff = form["staff"].ToString().Trim();
            if (!RequestGuards.SecretEquals(form["token"].ToString(), options.Value.OperatorToken)
                || staff.Length is 0 or > 64 || !staff.All(c => char.IsLetterOrDigit(c) || c is ' ' or '\u3000' or '・' or '-' or '.' or 'ー'))
            {
                await throttle.RecordFailureAsync(context, ct);
                await store.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), "anonymous", "signin.refused", null, null), ct);
                return Page(context, LoginBody(context, antiforgery, "担当者名またはトークンが正しくありません / Staff name or token is not valid."), 401);
            }

            await store.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), "staff:" + staff, "signin", null, null), ct);

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, staff)], CookieAuthenticationDefaults.AuthenticationScheme);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
            return Results.Redirect("/");
        });

        app.MapPost("/logout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            if (await ReadFormAsync(context, antiforgery) is null)
            {
                return Results.BadRequest();
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/login");
        });

        app.MapGet("/", async (HttpContext context, IAntiforgery antiforgery, IHealthCenterStore store, TimeProvider time, IOptions<HealthCenterOptions> options, CancellationToken ct) =>
        {
            if (!SignedIn(context))
            {
                return Results.Redirect("/login");
            }

            string? notice = context.Request.Query["done"].ToString() switch
            {
                "registered" => "患者を登録しました / Patient registered.",
                "issued" => "処理番号を発行し、登録された連絡先に送信しました（番号は表示されません） / Processing number issued and sent to the registered contact (the number is never shown).",
                _ => null,
            };
            return Page(context, await HomeBodyAsync(context, antiforgery, store, time, options.Value, notice, null, ct));
        });

        app.MapPost("/patients", async (HttpContext context, IAntiforgery antiforgery, IHealthCenterStore store, TimeProvider time, IOptions<HealthCenterOptions> options, CancellationToken ct) =>
        {
            if (!SignedIn(context))
            {
                return Results.Redirect("/login");
            }

            IFormCollection? form = await ReadFormAsync(context, antiforgery);
            PatientInput? input = null;
            string? error = form is null
                ? "フォームが無効です / The form was invalid; please try again."
                : PatientInput.Validate(form["name"], form["nameKana"], form["phone"], form["email"], form["healthCenter"], out input);
            if (error is not null || input is null)
            {
                return Page(context, await HomeBodyAsync(context, antiforgery, store, time, options.Value, null, error, ct), 400);
            }

            await OperatorApi.RegisterAsync(store, input, Actor(context), time, ct);
            return Results.Redirect("/?done=registered");
        });

        app.MapPost("/patients/{id}/processing-number", async (string id, HttpContext context, IAntiforgery antiforgery, ProcessingNumberService numbers, IHealthCenterStore store, TimeProvider time, IOptions<HealthCenterOptions> options, CancellationToken ct) =>
        {
            if (!SignedIn(context))
            {
                return Results.Redirect("/login");
            }

            if (await ReadFormAsync(context, antiforgery) is null)
            {
                return Page(context, await HomeBodyAsync(context, antiforgery, store, time, options.Value, null, "フォームが無効です / The form was invalid; please try again.", ct), 400);
            }

            if (!RequestGuards.IsPatientId(id) || !await numbers.IssueAsync(id, Actor(context), ct))
            {
                return Page(context, await HomeBodyAsync(context, antiforgery, store, time, options.Value, null, "患者が見つかりません / No such patient.", ct), 404);
            }

            return Results.Redirect("/?done=issued");
        });
    }

    private static bool SignedIn(HttpContext context) => context.User.Identity?.IsAuthenticated == true;

    private static string Actor(HttpContext context) => "staff:" + context.User.Identity!.Name;

    private static async Task<IFormCollection?> ReadFormAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!context.Request.HasFormContentType || context.Request.ContentLength is null or > MaxFormBytes)
        {
            return null;
        }

        try
        {
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return null;
            }

            return await context.Request.ReadFormAsync();
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or AntiforgeryValidationException)
        {
            return null;
        }
    }

    private static IResult Page(HttpContext context, string body, int status = 200)
    {
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.CacheControl = "no-store";
        return Results.Content(Html.Page("処理番号管理 / Processing numbers", body), "text/html; charset=utf-8", statusCode: status);
    }

    private static string Csrf(HttpContext context, IAntiforgery antiforgery)
    {
        AntiforgeryTokenSet tokens = antiforgery.GetAndStoreTokens(context);
        return $"<input type=\"hidden\" name=\"{Html.E(tokens.FormFieldName)}\" value=\"{Html.E(tokens.RequestToken)}\">";
    }

    private static string LoginBody(HttpContext context, IAntiforgery antiforgery, string? error) =>
        new Html()
            .Raw("<section style=\"max-width:26rem\"><h2>サインイン<small>Sign in</small></h2>")
            .Raw(error is null ? "" : $"<div class=\"error\" role=\"alert\">{Html.E(error)}</div>")
            .Raw("<form method=\"post\" action=\"/login\">").Raw(Csrf(context, antiforgery))
            .Raw("<label>担当者名 <small>Staff name</small><input name=\"staff\" id=\"staff\" required maxlength=\"64\" autocomplete=\"username\"></label><br>")
            .Raw("<label>操作トークン <small>Operator token</small><input name=\"token\" id=\"token\" type=\"password\" required autocomplete=\"current-password\"></label><br>")
            .Raw("<button type=\"submit\" id=\"sign-in\">サインイン <small>Sign in</small></button></form></section>")
            .ToString();

    private static async Task<string> HomeBodyAsync(
        HttpContext context, IAntiforgery antiforgery, IHealthCenterStore store, TimeProvider time, HealthCenterOptions options,
        string? notice, string? error, CancellationToken ct)
    {
        string csrf = Csrf(context, antiforgery);
        DateTimeOffset now = time.GetUtcNow();
        var html = new Html();
        html.Raw("<div class=\"bar\"><span class=\"muted\">担当者 / Staff: ").Text(context.User.Identity?.Name)
            .Raw("</span><form class=\"inline\" method=\"post\" action=\"/logout\">").Raw(csrf)
            .Raw("<button class=\"secondary\" type=\"submit\">サインアウト <small>Sign out</small></button></form></div>");
        if (notice is not null)
        {
            html.Raw("<div class=\"notice\" role=\"status\" id=\"notice\">").Text(notice).Raw("</div>");
        }

        if (error is not null)
        {
            html.Raw("<div class=\"error\" role=\"alert\" id=\"error\">").Text(error).Raw("</div>");
        }

        html.Raw("<section><h2>確定患者一覧<small>Confirmed patients</small></h2><table id=\"patients\"><thead><tr>")
            .Raw("<th>氏名<small>Name</small></th><th>フリガナ<small>Name (kana)</small></th><th>連絡先<small>Contact</small></th>")
            .Raw("<th>担当保健所<small>Health center</small></th><th>処理番号の状態<small>Number state</small></th><th>発行日時<small>Issued at (JST)</small></th>")
            .Raw("<th>有効期限<small>Expires at (JST)</small></th><th>自動再発行<small>Reissues used</small></th><th>リマインド送信<small>Reminder sent</small></th>")
            .Raw("<th>陽性登録<small>Used at</small></th><th>操作<small>Action</small></th></tr></thead><tbody>");
        IReadOnlyList<(PatientRecord Patient, NumberCycle? Cycle)> rows = await store.ListPatientsAsync(500, ct);
        if (rows.Count == 0)
        {
            html.Raw("<tr><td colspan=\"11\" class=\"muted\">登録された患者はいません / No patients registered.</td></tr>");
        }

        foreach ((PatientRecord p, NumberCycle? c) in rows)
        {
            string state = OperatorApi.StateName(c, now);
            html.Raw($"<tr data-patient-id=\"{Html.E(p.Id)}\"><td>").Text(p.Name).Raw("</td><td>").Text(p.NameKana).Raw("</td><td>")
                .Text(p.Phone is not null ? "SMS " + p.Phone : "Mail " + p.Email).Raw("</td><td>").Text(p.HealthCenter)
                .Raw($"</td><td class=\"state state-{state}\" data-state=\"{state}\">").Text(StateLabel(state)).Raw("</td><td>")
                .Text(Html.Time(c?.IssuedAt, options.DisplayOffset)).Raw("</td><td>").Text(Html.Time(c?.ExpiresAt, options.DisplayOffset))
                .Raw("</td><td class=\"reissues\">").Text(c is null ? "—" : $"{c.ReissueCount} / {options.MaxAutomaticReissues}")
                .Raw("</td><td>").Text(Html.Time(c?.ReminderSentAt, options.DisplayOffset)).Raw("</td><td>").Text(Html.Time(c?.UsedAt, options.DisplayOffset))
                .Raw($"</td><td><form class=\"inline\" method=\"post\" action=\"/patients/{Html.E(p.Id)}/processing-number\">").Raw(csrf)
                .Raw("<button type=\"submit\" class=\"issue\">〈処理番号発行〉<small>Issue processing number</small></button></form></td></tr>");
        }

        html.Raw("</tbody></table></section>");
        html.Raw("<section><h2>患者登録<small>Register a confirmed patient</small></h2><form method=\"post\" action=\"/patients\" id=\"register\">").Raw(csrf)
            .Raw("<div class=\"grid\">")
            .Raw("<label>氏名（漢字） <small>Name</small><input name=\"name\" id=\"name\" required maxlength=\"64\"></label>")
            .Raw("<label>フリガナ <small>Name in katakana</small><input name=\"nameKana\" id=\"nameKana\" required maxlength=\"64\"></label>")
            .Raw("<label>携帯電話番号 <small>Mobile phone (SMS)</small><input name=\"phone\" id=\"phone\" maxlength=\"20\" inputmode=\"tel\"></label>")
            .Raw("<label>メールアドレス <small>E-mail</small><input name=\"email\" id=\"email\" maxlength=\"254\" type=\"email\"></label>")
            .Raw("<label>担当保健所名 <small>Health center</small><input name=\"healthCenter\" id=\"healthCenter\" required maxlength=\"64\"></label>")
            .Raw("</div><p class=\"muted\">携帯電話番号またはメールアドレスのいずれかが必要です。処理番号は登録された連絡先にのみ送信され、この画面には表示されません。<br>")
            .Raw("A mobile number or an e-mail address is required. The processing number goes only to that contact and is never shown here.</p>")
            .Raw("<button type=\"submit\" id=\"register-button\">登録 <small>Register</small></button></form></section>");
        return html.ToString();
    }

    private static string StateLabel(string state) => state switch
    {
        "not-issued" => "未発行 / Not issued",
        "issued" => "発行済み（有効） / Issued (valid)",
        "expired" => "期限切れ（再発行待ち） / Expired (reissue pending)",
        "used" => "登録済み / Used",
        "exhausted" => "再発行上限・失効 / Expired, reissues exhausted",
        _ => state,
    };
}
