using System.Text.Json;

namespace Cocoa.Samples.HealthCenter.Messaging;

/// <summary>
/// Writes each message as <c>&lt;outbox&gt;/&lt;id&gt;.json</c> = <c>{"to","channel","body","sentAt"}</c>, like a mail pickup
/// directory. Files appear atomically (written under <c>.partial/</c>, then renamed), and an existing file is never replaced.
/// Messages carry a clear-text processing number and phone number, so on Unix each file is created 0600.
/// </summary>
public sealed class OutboxMessageSender : IMessageSender
{
    private readonly string _partial;

    /// <summary>Creates the sender on <paramref name="outboxDirectory"/> (created if missing).</summary>
    public OutboxMessageSender(string outboxDirectory)
    {
        OutboxDirectory = Path.GetFullPath(outboxDirectory);
        _partial = Path.Combine(OutboxDirectory, ".partial");
        Directory.CreateDirectory(_partial);
    }

    /// <summary>The outbox folder.</summary>
    public string OutboxDirectory { get; }

    /// <inheritdoc/>
    public async Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        string final = PathOf(message.Id);
        if (File.Exists(final))
        {
            return;
        }

        string temp = Path.Combine(_partial, message.Id + "." + Guid.NewGuid().ToString("N") + ".tmp");
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            // The message holds a clear-text processing number and phone number: readable by the service's user only.
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using (var stream = new FileStream(temp, create))
        {
            await using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            writer.WriteStartObject();
            writer.WriteString("to", message.To);
            writer.WriteString("channel", message.Channel == MessageChannel.Sms ? "sms" : "email");
            writer.WriteString("body", message.Body);
            writer.WriteString("sentAt", message.SentAt.ToUniversalTime());
            writer.WriteEndObject();
            await writer.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        try
        {
            File.Move(temp, final, overwrite: false);
        }
        catch (IOException) when (File.Exists(final))
        {
            File.Delete(temp);
        }
    }

    /// <inheritdoc/>
    public Task<bool> WasSentAsync(string messageId, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(messageId)));

    private string PathOf(string messageId)
    {
        if (messageId.Length is 0 or > 64 || !messageId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException("Message ids are 1–64 ASCII letters, digits or hyphens.", nameof(messageId));
        }

        return Path.Combine(OutboxDirectory, messageId + ".json");
    }
}
