namespace Cocoa.Samples.HealthCenter.Messaging;

/// <summary>Channel a message goes out on.</summary>
public enum MessageChannel
{
    /// <summary>SMS to a mobile phone number.</summary>
    Sms,

    /// <summary>E-mail.</summary>
    Email,
}

/// <summary>One SMS or e-mail to a patient.</summary>
/// <param name="Id">Idempotency key: a sender delivers each id at most once.</param>
/// <param name="To">Phone number or e-mail address.</param>
/// <param name="Channel">SMS or e-mail.</param>
/// <param name="Body">Text (for number messages it contains the processing number: never log it).</param>
/// <param name="SentAt">Time of sending.</param>
public sealed record OutgoingMessage(string Id, string To, MessageChannel Channel, string Body, DateTimeOffset SentAt)
{
    /// <summary>Never reveals the body.</summary>
    public override string ToString() => $"OutgoingMessage {{ Id = {Id}, Channel = {Channel} }}";
}

/// <summary>Delivers messages to patients (SMS gateway, mail server, or the sample's outbox folder).</summary>
public interface IMessageSender
{
    /// <summary>Delivers <paramref name="message"/>; a second call with the same <see cref="OutgoingMessage.Id"/> delivers nothing.</summary>
    Task SendAsync(OutgoingMessage message, CancellationToken cancellationToken);

    /// <summary>Whether a message with this id was delivered (used to recover after a crash between sending and recording it).</summary>
    Task<bool> WasSentAsync(string messageId, CancellationToken cancellationToken);
}
