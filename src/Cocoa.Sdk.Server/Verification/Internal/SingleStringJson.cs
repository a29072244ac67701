using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Cocoa.Sdk.Verification.Internal;

/// <summary>Reads and writes the verification API's bodies: one JSON object with one required string property.</summary>
internal static class SingleStringJson
{
    /// <summary>
    /// Reads <paramref name="propertyName"/> from a JSON object; other properties are skipped. False for anything else:
    /// not an object, trailing data, the property missing, repeated or not a string, or nesting deeper than 8.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, string propertyName, [NotNullWhen(true)] out string? value)
    {
        value = null;
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 8 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isWanted = reader.ValueTextEquals(propertyName);
                if (!reader.Read())
                {
                    return false;
                }

                if (isWanted)
                {
                    if (value is not null || reader.TokenType != JsonTokenType.String)
                    {
                        value = null;
                        return false;
                    }

                    value = reader.GetString();
                }
                else if (!reader.TrySkip())
                {
                    value = null;
                    return false;
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                value = null;
                return false;
            }
        }
        catch (JsonException)
        {
            value = null;
            return false;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }

        return value is not null;
    }

    /// <summary>Writes <c>{"propertyName":"value"}</c> as UTF-8.</summary>
    public static byte[] Write(string propertyName, string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(propertyName, value);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
