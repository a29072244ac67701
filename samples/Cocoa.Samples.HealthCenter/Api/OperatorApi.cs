using System.Security.Cryptography;
using System.Text.Json;
using Cocoa.Samples.HealthCenter.Numbers;
using Cocoa.Samples.HealthCenter.Storage;
using Microsoft.Extensions.Options;

namespace Cocoa.Samples.HealthCenter.Api;

/// <summary>The operator API (bearer token): register patients, issue numbers, read number state (never the number).</summary>
public static class OperatorApi
{
    /// <summary>Largest accepted request body.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Actor recorded for API calls.</summary>
    public const string ApiActor = "operator-api";

    /// <summary>Maps the endpoints.</summary>
    public static void Map(WebApplication app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/patients").AddEndpointFilter(async (context, next) =>
        {
            HttpContext http = context.HttpContext;
            HealthCenterOptions options = http.RequestServices.GetRequiredService<IOptions<HealthCenterOptions>>().Value;
            SignInThrottle throttle = http.RequestServices.GetRequiredService<SignInThrottle>();
            if (await throttle.GetRetryAfterAsync(http, http.RequestAborted) is TimeSpan wait)
            {
                SignInThrottle.SetRetryAfter(http, wait);
                return Results.Problem(statusCode: 429, title: "Too many refused tokens from this address.");
            }

            string? header = http.Request.Headers.Authorization;
            string? token = header is not null && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
            if (!RequestGuards.SecretEquals(token, options.OperatorToken))
            {
                await throttle.RecordFailureAsync(http, http.RequestAborted);
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Problem(statusCode: 401, title: "A valid operator bearer token is required.");
            }

            if (!RequestGuards.HasJsonBody(context.HttpContext.Request))
            {
                return Results.Problem(statusCode: 415, title: "The body must be application/json.");
            }

            return await next(context);
        });

        group.MapPost("/", async (HttpContext context, IHealthCenterStore store, TimeProvider time, CancellationToken ct) =>
        {
            byte[]? body = await RequestGuards.ReadBodyAsync(context.Request, MaxBodyBytes, ct);
            if (body is null)
            {
                return Results.Problem(statusCode: 400, title: $"The body must be a JSON object of at most {MaxBodyBytes} bytes.");
            }

            string? error = PatientInput.TryParseJson(body, out PatientInput? input);
            if (error is not null)
            {
                return Results.Problem(statusCode: 400, title: error);
            }

            string id = await RegisterAsync(store, input!, ApiActor, time, ct);
            return Results.Json(new Dictionary<string, string> { ["id"] = id }, statusCode: 201);
        });

        group.MapPost("/{id}/processing-number", async (string id, ProcessingNumberService numbers, CancellationToken ct) =>
            RequestGuards.IsPatientId(id) && await numbers.IssueAsync(id, ApiActor, ct)
                ? Results.Accepted()
                : Results.Problem(statusCode: 404, title: "No such patient."));

        group.MapGet("/{id}/processing-number", async (string id, IHealthCenterStore store, TimeProvider time, CancellationToken ct) =>
        {
            if (!RequestGuards.IsPatientId(id) || await store.GetPatientAsync(id, ct) is null)
            {
                return Results.Problem(statusCode: 404, title: "No such patient.");
            }

            NumberCycle? cycle = await store.GetCycleAsync(id, ct);
            return Results.Text(StatusJson(cycle, time.GetUtcNow()), "application/json; charset=utf-8");
        });
    }

    /// <summary>Stores a validated patient with a new random id and audits it.</summary>
    public static async Task<string> RegisterAsync(IHealthCenterStore store, PatientInput input, string actor, TimeProvider time, CancellationToken ct)
    {
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        DateTimeOffset now = time.GetUtcNow();
        var patient = new PatientRecord(id, input.Name, input.NameKana, input.Phone, input.Email, input.HealthCenter, now);
        await store.AddPatientAsync(patient, new AuditEntry(now, actor, "patient.registered", id, null), ct);
        return id;
    }

    /// <summary>The state name shown to operators: not-issued, issued, expired (awaiting the worker), used or exhausted.</summary>
    public static string StateName(NumberCycle? cycle, DateTimeOffset now) => cycle switch
    {
        null => "not-issued",
        { State: NumberState.Used } => "used",
        { State: NumberState.Exhausted } => "exhausted",
        _ when cycle.ExpiresAt <= now => "expired",
        _ => "issued",
    };

    /// <summary><c>{"issuedAt","expiresAt","reissueCount","reminderSentAt","usedAt","state"}</c>.</summary>
    public static string StatusJson(NumberCycle? cycle, DateTimeOffset now)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteTime(writer, "issuedAt", cycle?.IssuedAt);
            WriteTime(writer, "expiresAt", cycle?.ExpiresAt);
            writer.WriteNumber("reissueCount", cycle?.ReissueCount ?? 0);
            WriteTime(writer, "reminderSentAt", cycle?.ReminderSentAt);
            WriteTime(writer, "usedAt", cycle?.UsedAt);
            writer.WriteString("state", StateName(cycle, now));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            writer.WriteString(name, v.ToUniversalTime());
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
