using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Http;

namespace Cocoa.Cli.Commands;

/// <summary>
/// <c>cocoa submit --server &lt;url&gt; --processing-number &lt;n&gt; --keys &lt;keys.json&gt;</c>: registers keys with a
/// notification server through COCOA's v3 API, for testing servers by hand.
/// </summary>
internal static class SubmitCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var serverOption = new Option<string>("--server") { Description = "Notification server base URL, e.g. http://127.0.0.1:5000", HelpName = "an absolute http(s) URL", Required = true };
        var numberOption = new Option<string>("--processing-number") { Description = "8-digit processing number or the https://…/cocoa/a/?pn=… link", HelpName = "8 digits or a https://…/cocoa/a/?pn=<number> link", Required = true };
        var keysOption = new Option<string>("--keys") { Description = "JSON array of keys (keyData base64, rollingStartIntervalNumber, rollingPeriod, …)", HelpName = "a JSON file of keys", Required = true };
        var symptomOption = new Option<bool>("--has-symptom") { Description = "The date is the symptom onset (default: it is the test date)" };
        var onsetOption = new Option<string?>("--date") { Description = "Symptom onset or test date (default: today, UTC)", HelpName = "a date yyyy-MM-dd" };
        var regionOption = new Option<string>("--region") { Description = "Region code", HelpName = "ASCII letters and digits", DefaultValueFactory = _ => "440" };
        var attemptsOption = new Option<string?>("--max-attempts") { Description = "Requests at most, retrying 5xx and timeouts (default 4)", HelpName = "an integer from 1 to 20" };
        var chaffOption = new Option<bool>("--chaff") { Description = "Send one decoy request (X-Chaff) instead; --processing-number and --keys are ignored" };
        var command = new Command("submit", "Submit diagnosis keys to a notification server (COCOA v3 API)")
        {
            serverOption, numberOption, keysOption, symptomOption, onsetOption, regionOption, attemptsOption, chaffOption,
        };
        command.SetAction(parse =>
        {
            string? serverText = parse.GetValue(serverOption);
            if (!Uri.TryCreate(serverText, UriKind.Absolute, out Uri? server) || (server.Scheme != Uri.UriSchemeHttp && server.Scheme != Uri.UriSchemeHttps))
            {
                throw CliUsageException.Expected("--server", "an absolute http(s) URL", serverText);
            }

            int attempts = (int)CliInput.Integer("--max-attempts", parse.GetValue(attemptsOption) ?? "4", 1, 20);

            DateTimeOffset date = DateTimeOffset.UtcNow;
            if (parse.GetValue(onsetOption) is { } dateText)
            {
                if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly day))
                {
                    throw CliUsageException.Expected("--date", "a date yyyy-MM-dd", dateText);
                }

                date = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            }

            string region = parse.GetValue(regionOption)!;
            if (region.Length == 0 || !region.All(char.IsAsciiLetterOrDigit))
            {
                throw CliUsageException.Expected("--region", "ASCII letters and digits", region);
            }

            using var http = new HttpClient();
            var client = new DiagnosisSubmissionClient(http, new DiagnosisSubmissionClientOptions
            {
                BaseAddress = server,
                Regions = [region],
                MaxAttempts = attempts,
            });

            DiagnosisSubmissionResult result;
            if (parse.GetValue(chaffOption))
            {
                result = client.SendChaffAsync().GetAwaiter().GetResult();
            }
            else
            {
                IReadOnlyList<DiagnosisKey> keys = CliInput.ReadKeysFile(parse.GetValue(keysOption)!).Keys;
                result = client.SubmitAsync(parse.GetValue(numberOption)!, keys, parse.GetValue(symptomOption), date).GetAwaiter().GetResult();
                if (result.Status == DiagnosisSubmissionStatus.InvalidProcessingNumberFormat)
                {
                    throw CliUsageException.Expected("--processing-number", "8 digits or a https://…/cocoa/a/?pn=<number> link", parse.GetValue(numberOption));
                }
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("status", StatusName(result.Status));
                if (result.StatusCode is { } code)
                {
                    writer.WriteNumber("httpStatus", (int)code);
                }
                else
                {
                    writer.WriteNull("httpStatus");
                }

                writer.WriteNumber("attempts", result.Attempts);
                writer.WriteEndObject();
            }

            stdout.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            if (!result.IsAccepted)
            {
                stderr.WriteLine($"{CocoaCli.ErrorPrefix}--server: submission not accepted: {StatusName(result.Status)}");
            }

            return result.IsAccepted ? CocoaCli.ExitOk : CocoaCli.ExitVerificationFailed;
        });
        return command;
    }

    internal static string StatusName(DiagnosisSubmissionStatus status) => status switch
    {
        DiagnosisSubmissionStatus.Accepted => "accepted",
        DiagnosisSubmissionStatus.InvalidProcessingNumber => "invalid-processing-number",
        DiagnosisSubmissionStatus.InvalidProcessingNumberFormat => "invalid-processing-number-format",
        DiagnosisSubmissionStatus.ServerUnavailable => "server-unavailable",
        DiagnosisSubmissionStatus.RejectedInput => "rejected-input",
        DiagnosisSubmissionStatus.RateLimited => "rate-limited",
        _ => "unexpected-response",
    };
}
