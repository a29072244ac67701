using System.Text.Json;

namespace Cocoa.Demo;

/// <summary>
/// The demo's outcome as one JSON object:
/// <c>{"phones":n,"contacts":[{"a","b","distanceMeters","minutes","closeContact"}],"notified":[…],
/// "notifications":[{"person","checkDay","exposureDay"}],"truePositives":n,"falsePositives":n,"falseNegatives":n}</c>.
/// </summary>
public static class DemoJson
{
    /// <summary>Writes the object (no trailing newline).</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="stream">Where to write.</param>
    public static void Write(DemoOutcome outcome, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteNumber("phones", outcome.Phones.Count);
        writer.WriteStartArray("contacts");
        foreach (Contact contact in outcome.Contacts)
        {
            writer.WriteStartObject();
            writer.WriteString("a", contact.A);
            writer.WriteString("b", contact.B);
            writer.WriteNumber("distanceMeters", contact.DistanceMeters);
            writer.WriteNumber("minutes", contact.Minutes);
            writer.WriteBoolean("closeContact", contact.CloseContact);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("notified");
        foreach (string person in outcome.Notified)
        {
            writer.WriteStringValue(person);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("notifications");
        foreach (DemoNotification n in outcome.Notifications)
        {
            writer.WriteStartObject();
            writer.WriteString("person", n.Person);
            writer.WriteNumber("checkDay", n.CheckDay);
            writer.WriteNumber("exposureDay", n.ExposureDay);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("truePositives", outcome.TruePositives);
        writer.WriteNumber("falsePositives", outcome.FalsePositives);
        writer.WriteNumber("falseNegatives", outcome.FalseNegatives);
        writer.WriteEndObject();
    }

    /// <summary>The object as a string.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJson(DemoOutcome outcome)
    {
        using var buffer = new MemoryStream();
        Write(outcome, buffer);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
