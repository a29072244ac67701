using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Cocoa.Sdk.Crypto;
using Cocoa.Sdk.Export;
using Cocoa.Sdk.Protocol;
using Cocoa.Sdk.Verification;

namespace Cocoa.Sdk.Http;

/// <summary>
/// Submits a positive person's key history with their processing number to a notification server using COCOA's v3 API
/// (<c>PUT /api/v3/diagnosis</c>), so the request is accepted by COCOA-compatible servers.
/// </summary>
/// <remarks>
/// <para>The body is padded with random data to a size that does not depend on the number of keys. 5xx answers,
/// timeouts and network errors are retried with exponential backoff and jitter under the same idempotency key, so a retry
/// never stores keys twice; 406 (wrong or expired number), 400 and 429 are never retried.</para>
/// <para>Chaff: <see cref="SendChaffAsync"/> and <see cref="RunChaffAsync"/> send decoy requests (header <c>X-Chaff</c>)
/// that look like real submissions on the wire, so observers cannot tell who registered.</para>
/// <para>The processing number and the keys are never logged or kept after the call.</para>
/// </remarks>
/// <threadsafety>Instances are thread-safe when the <see cref="HttpClient"/> is.</threadsafety>
public sealed class DiagnosisSubmissionClient
{


    private readonly HttpClient _httpClient;
    private readonly DiagnosisSubmissionClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Uri _endpoint;

    /// <summary>Creates a client.</summary>
    /// <param name="httpClient">The HTTP client to send with (not disposed by this class).</param>
    /// <param name="options">Settings, or <see langword="null"/> for the defaults (then <paramref name="httpClient"/> needs a base address).</param>
    /// <param name="timeProvider">The clock for backoff and chaff delays, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="ArgumentException">No absolute base address is configured, or an option is out of range.</exception>
    public DiagnosisSubmissionClient(HttpClient httpClient, DiagnosisSubmissionClientOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        _options = options ?? new DiagnosisSubmissionClientOptions();
        Uri baseAddress = _options.BaseAddress ?? httpClient.BaseAddress ?? throw new ArgumentException("A base address is required.", nameof(options));
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The base address must be absolute.", nameof(options));
        }

        if (_options.MaxAttempts < 1 || _options.RequestTimeout <= TimeSpan.Zero || _options.InitialRetryDelay < TimeSpan.Zero
            || _options.Regions.Count == 0 || _options.PaddedBodySize < 0 || _options.ChaffMeanInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("MaxAttempts must be at least 1, RequestTimeout and ChaffMeanInterval positive, Regions non-empty.", nameof(options));
        }

        _httpClient = httpClient;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _endpoint = new Uri(baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/"), DiagnosisSubmissionBody.Path);
    }

    /// <summary>Submits keys with a processing number given as text: 8 ASCII digits or a deep link <c>https://…/cocoa/a/?pn=&lt;number&gt;</c>.</summary>
    /// <param name="processingNumberOrLink">What the user entered or the link that opened the app.</param>
    /// <param name="keys">The key history from the on-device runtime (at most the last 14 days).</param>
    /// <param name="hasSymptom"><see langword="true"/> when <paramref name="onsetOfSymptomOrTestDate"/> is the symptom onset, otherwise the test date.</param>
    /// <param name="onsetOfSymptomOrTestDate">The symptom onset or test date.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The typed result; <see cref="DiagnosisSubmissionStatus.InvalidProcessingNumberFormat"/> without any request when the text is not valid.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<DiagnosisSubmissionResult> SubmitAsync(
        string processingNumberOrLink,
        IReadOnlyList<DiagnosisKey> keys,
        bool hasSymptom,
        DateTimeOffset onsetOfSymptomOrTestDate,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return ProcessingNumber.TryParseInput(processingNumberOrLink, out ProcessingNumber number)
            ? SubmitAsync(number, keys, hasSymptom, onsetOfSymptomOrTestDate, cancellationToken)
            : Task.FromResult(new DiagnosisSubmissionResult(DiagnosisSubmissionStatus.InvalidProcessingNumberFormat, null, 0));
    }

    /// <summary>Submits keys with a parsed processing number.</summary>
    /// <param name="processingNumber">The number.</param>
    /// <param name="keys">The key history from the on-device runtime; report types default to confirmed test.</param>
    /// <param name="hasSymptom"><see langword="true"/> when <paramref name="onsetOfSymptomOrTestDate"/> is the symptom onset, otherwise the test date.</param>
    /// <param name="onsetOfSymptomOrTestDate">The symptom onset or test date.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The typed result.</returns>
    /// <exception cref="ArgumentException"><paramref name="processingNumber"/> is the default value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<DiagnosisSubmissionResult> SubmitAsync(
        ProcessingNumber processingNumber,
        IReadOnlyList<DiagnosisKey> keys,
        bool hasSymptom,
        DateTimeOffset onsetOfSymptomOrTestDate,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (processingNumber.Value is null)
        {
            throw new ArgumentException("The processing number is not set.", nameof(processingNumber));
        }

        byte[] body = WriteBody(processingNumber.Value, keys, hasSymptom, onsetOfSymptomOrTestDate);
        return SendWithRetriesAsync(body, chaff: false, cancellationToken);
    }

    /// <summary>Submits plain temporary exposure keys (report type confirmed test).</summary>
    /// <param name="processingNumber">The number.</param>
    /// <param name="keys">The key history.</param>
    /// <param name="hasSymptom"><see langword="true"/> when <paramref name="onsetOfSymptomOrTestDate"/> is the symptom onset.</param>
    /// <param name="onsetOfSymptomOrTestDate">The symptom onset or test date.</param>
    /// <param name="cancellationToken">Cancels the submission.</param>
    /// <returns>The typed result.</returns>
    /// <exception cref="ArgumentException"><paramref name="processingNumber"/> is the default value.</exception>
    public Task<DiagnosisSubmissionResult> SubmitAsync(
        ProcessingNumber processingNumber,
        IReadOnlyList<TemporaryExposureKey> keys,
        bool hasSymptom,
        DateTimeOffset onsetOfSymptomOrTestDate,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return SubmitAsync(
            processingNumber, keys.Select(k => new DiagnosisKey(k, ReportType: ReportType.ConfirmedTest)).ToArray(), hasSymptom, onsetOfSymptomOrTestDate, cancellationToken);
    }

    /// <summary>Sends one decoy request: a random number and random keys, marked with <c>X-Chaff</c>, padded like a real one.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The result (servers answer chaff like an accepted submission).</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<DiagnosisSubmissionResult> SendChaffAsync(CancellationToken cancellationToken = default)
    {
        EnIntervalNumber today = EnIntervalNumber.Now(_timeProvider).DayStart;
        int count = RandomNumberGenerator.GetInt32(1, 15);
        var keys = new DiagnosisKey[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = new DiagnosisKey(TemporaryExposureKey.Generate(today.AddIntervals(-EnIntervalNumber.IntervalsPerDay * i)), ReportType: ReportType.ConfirmedTest);
        }

        byte[] body = WriteBody(
            ProcessingNumber.Generate().Value, keys, RandomNumberGenerator.GetInt32(2) == 0, _timeProvider.GetUtcNow().AddDays(-RandomNumberGenerator.GetInt32(1, 8)));
        return SendWithRetriesAsync(body, chaff: true, cancellationToken, maxAttempts: 1);
    }

    /// <summary>
    /// Sends decoy requests until cancelled, at exponentially distributed random intervals with mean
    /// <see cref="DiagnosisSubmissionClientOptions.ChaffMeanInterval"/> (a Poisson process, so timing reveals nothing).
    /// </summary>
    /// <param name="cancellationToken">Stops the schedule.</param>
    /// <returns>A task that completes when cancelled.</returns>
    public async Task RunChaffAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            double uniform = (RandomNumberGenerator.GetInt32(1, int.MaxValue) + 0.5) / int.MaxValue;
            TimeSpan delay = TimeSpan.FromTicks((long)Math.Min(-Math.Log(uniform) * _options.ChaffMeanInterval.Ticks, TimeSpan.FromDays(30).Ticks));
            try
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
                await SendChaffAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>The v3 body with random padding, so every body is about <see cref="DiagnosisSubmissionClientOptions.PaddedBodySize"/> plus up to 1 KiB.</summary>
    internal byte[] WriteBody(string processingNumber, IReadOnlyList<DiagnosisKey> keys, bool hasSymptom, DateTimeOffset onset)
    {
        DiagnosisSubmissionBody body = DiagnosisSubmissionBody.FromKeys(
            keys, _options.Regions, _options.Platform, _options.AppPackageName, processingNumber, hasSymptom, onset, Guid.NewGuid().ToString(),
            _options.DeviceVerificationPayload);
        int unpadded = body.ToUtf8Json([]).Length;
        int target = _options.PaddedBodySize + RandomNumberGenerator.GetInt32(1024);

        // Base64 of n random bytes is 4*ceil(n/3) characters; keep at least 16 bytes so every body carries padding.
        byte[] padding = RandomNumberGenerator.GetBytes(Math.Max(16, (target - unpadded) * 3 / 4));
        return body.ToUtf8Json(padding);
    }

    private async Task<DiagnosisSubmissionResult> SendWithRetriesAsync(byte[] body, bool chaff, CancellationToken cancellationToken, int? maxAttempts = null)
    {
        int attempts = maxAttempts ?? _options.MaxAttempts;
        HttpStatusCode? lastStatus = null;
        try
        {
            for (int attempt = 1; ; attempt++)
            {
                (DiagnosisSubmissionStatus? status, lastStatus) = await SendOnceAsync(body, chaff, cancellationToken).ConfigureAwait(false);
                if (status is { } final)
                {
                    return new DiagnosisSubmissionResult(final, lastStatus, attempt);
                }

                if (attempt >= attempts)
                {
                    return new DiagnosisSubmissionResult(DiagnosisSubmissionStatus.ServerUnavailable, lastStatus, attempt);
                }

                double factor = Math.Pow(2, attempt - 1) * (0.5 + (RandomNumberGenerator.GetInt32(1000) / 1000.0));
                await Task.Delay(_options.InitialRetryDelay * factor, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(body);
        }
    }

    // Returns a final status, or null for a retryable failure (5xx, timeout, network error).
    private async Task<(DiagnosisSubmissionStatus? Status, HttpStatusCode? Code)> SendOnceAsync(byte[] body, bool chaff, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Put, _endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        if (chaff)
        {
            request.Headers.TryAddWithoutValidation(DiagnosisSubmissionBody.ChaffHeaderName, "1");
        }

        try
        {
            using HttpResponseMessage response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            HttpStatusCode code = response.StatusCode;
            DiagnosisSubmissionStatus? status = (int)code switch
            {
                200 or 204 => DiagnosisSubmissionStatus.Accepted,
                406 => DiagnosisSubmissionStatus.InvalidProcessingNumber,
                400 or 413 or 415 => DiagnosisSubmissionStatus.RejectedInput,
                429 => DiagnosisSubmissionStatus.RateLimited,
                >= 500 => null,
                _ => DiagnosisSubmissionStatus.UnexpectedResponse,
            };
            return (status, code);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, null);
        }
        catch (HttpRequestException)
        {
            return (null, null);
        }
        catch (IOException)
        {
            return (null, null);
        }
    }
}
