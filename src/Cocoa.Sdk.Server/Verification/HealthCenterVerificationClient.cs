using System.Net;
using System.Net.Http.Headers;

namespace Cocoa.Sdk.Verification;

/// <summary>
/// Asks a health-center system whether a processing number is genuine (step ④ of COCOA's flow), following
/// <see cref="HealthCenterVerificationProtocol"/>. A successful check consumes the number on the health-center side.
/// </summary>
/// <remarks>
/// Never throws for transport or protocol failures: they come back as <see cref="HealthCenterVerificationOutcome.Unreachable"/>
/// or <see cref="HealthCenterVerificationOutcome.InvalidResponse"/>. Only cancellation through the caller's token throws.
/// </remarks>
/// <threadsafety>Instances are thread-safe when the <see cref="HttpClient"/> is.</threadsafety>
public sealed class HealthCenterVerificationClient
{
    private const int MaxResponseBytes = 4096;
    private readonly HttpClient _httpClient;
    private readonly Uri _endpoint;
    private readonly string _apiKey;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a client.</summary>
    /// <param name="httpClient">The HTTP client to send with (not disposed by this class).</param>
    /// <param name="options">Address, key and timeout.</param>
    /// <exception cref="ArgumentException">The options lack an absolute base address or an API key.</exception>
    public HealthCenterVerificationClient(HttpClient httpClient, HealthCenterVerificationClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        Uri baseAddress = options.BaseAddress ?? httpClient.BaseAddress
            ?? throw new ArgumentException("A base address is required.", nameof(options));
        if (!baseAddress.IsAbsoluteUri)
        {
            throw new ArgumentException("The base address must be absolute.", nameof(options));
        }

        if (string.IsNullOrEmpty(options.ApiKey))
        {
            throw new ArgumentException("An API key is required.", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("The timeout must be positive.", nameof(options));
        }

        _httpClient = httpClient;
        _endpoint = new Uri(baseAddress, HealthCenterVerificationProtocol.Path);
        _apiKey = options.ApiKey;
        _timeout = options.Timeout;
    }

    /// <summary>Checks (and on success consumes) a processing number.</summary>
    /// <param name="number">The number the user entered.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The typed outcome.</returns>
    /// <exception cref="ArgumentException"><paramref name="number"/> is the default value.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<HealthCenterVerificationResult> VerifyAsync(ProcessingNumber number, CancellationToken cancellationToken = default) =>
        SendAsync(new ProcessingNumberVerificationRequest(number), null, cancellationToken);

    /// <summary>Checks (and on success consumes) a processing number on behalf of one end client.</summary>
    /// <param name="number">The number the user entered.</param>
    /// <param name="clientId">The opaque identifier of the end client (see <see cref="HealthCenterVerificationProtocol.ClientIdHeaderName"/>),
    /// or <see langword="null"/> to send none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The typed outcome.</returns>
    /// <exception cref="ArgumentException"><paramref name="number"/> is the default value, or <paramref name="clientId"/> is
    /// empty, longer than <see cref="HealthCenterVerificationProtocol.MaxClientIdLength"/> or not printable ASCII.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<HealthCenterVerificationResult> VerifyAsync(ProcessingNumber number, string? clientId, CancellationToken cancellationToken = default) =>
        SendAsync(new ProcessingNumberVerificationRequest(number), clientId, cancellationToken);

    /// <summary>Tells whether <paramref name="clientId"/> is a valid client identifier: 1 to
    /// <see cref="HealthCenterVerificationProtocol.MaxClientIdLength"/> printable ASCII characters.</summary>
    /// <param name="clientId">The identifier.</param>
    /// <returns><see langword="true"/> when it may be sent.</returns>
    public static bool IsValidClientId(string? clientId) =>
        clientId is { Length: > 0 and <= HealthCenterVerificationProtocol.MaxClientIdLength } && clientId.All(c => c is > ' ' and < (char)0x7F);

    /// <summary>Sends a request as given (also for text that is not a valid number, which the server answers with NG).</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The typed outcome.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Task<HealthCenterVerificationResult> SendAsync(ProcessingNumberVerificationRequest request, CancellationToken cancellationToken = default) =>
        SendAsync(request, null, cancellationToken);

    /// <summary>Sends a request as given on behalf of one end client.</summary>
    /// <param name="request">The request.</param>
    /// <param name="clientId">The opaque identifier of the end client, or <see langword="null"/> to send none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The typed outcome.</returns>
    /// <exception cref="ArgumentException"><paramref name="clientId"/> is not a valid identifier (see <see cref="IsValidClientId"/>).</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<HealthCenterVerificationResult> SendAsync(ProcessingNumberVerificationRequest request, string? clientId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (clientId is not null && !IsValidClientId(clientId))
        {
            throw new ArgumentException($"A client id is 1 to {HealthCenterVerificationProtocol.MaxClientIdLength} printable ASCII characters.", nameof(clientId));
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var message = new HttpRequestMessage(HttpMethod.Post, _endpoint);
        message.Headers.TryAddWithoutValidation(HealthCenterVerificationProtocol.ApiKeyHeaderName, _apiKey);
        if (clientId is not null)
        {
            message.Headers.TryAddWithoutValidation(HealthCenterVerificationProtocol.ClientIdHeaderName, clientId);
        }

        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        message.Content = new ByteArrayContent(request.ToUtf8Json());
        message.Content.Headers.ContentType = new MediaTypeHeaderValue(HealthCenterVerificationProtocol.MediaType) { CharSet = "utf-8" };
        try
        {
            using HttpResponseMessage response = await _httpClient
                .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            HttpStatusCode status = response.StatusCode;
            switch ((int)status)
            {
                case 200:
                    byte[]? body = await ReadLimitedAsync(response.Content, timeout.Token).ConfigureAwait(false);
                    return body is not null && ProcessingNumberVerificationResponse.TryParse(body, out ProcessingNumberVerificationResponse? answer)
                        ? new HealthCenterVerificationResult(answer.IsOk ? HealthCenterVerificationOutcome.Ok : HealthCenterVerificationOutcome.Ng, status)
                        : new HealthCenterVerificationResult(HealthCenterVerificationOutcome.InvalidResponse, status);
                case 401 or 403:
                    return new HealthCenterVerificationResult(HealthCenterVerificationOutcome.Unauthorized, status);
                case 429:
                    return new HealthCenterVerificationResult(HealthCenterVerificationOutcome.RateLimited, status, RetryAfterOf(response));
                case >= 500:
                    return new HealthCenterVerificationResult(HealthCenterVerificationOutcome.Unreachable, status, RetryAfterOf(response));
                default:
                    return new HealthCenterVerificationResult(HealthCenterVerificationOutcome.InvalidResponse, status);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCenterVerificationResult(HealthCenterVerificationOutcome.Unreachable);
        }
        catch (HttpRequestException)
        {
            return new HealthCenterVerificationResult(HealthCenterVerificationOutcome.Unreachable);
        }
        catch (IOException)
        {
            return new HealthCenterVerificationResult(HealthCenterVerificationOutcome.Unreachable);
        }
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        return response.Headers.RetryAfter?.Delta;
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > MaxResponseBytes)
        {
            return null;
        }

        Stream stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            byte[] buffer = new byte[MaxResponseBytes + 1];
            int total = 0;
            int read;
            while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            return total > MaxResponseBytes ? null : buffer.AsSpan(0, total).ToArray();
        }
    }
}
