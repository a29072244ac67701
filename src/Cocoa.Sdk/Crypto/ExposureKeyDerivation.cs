// Exposure Notification Cryptography Specification v1.2:
//   RPIK = HKDF-SHA256(TEK, salt = none, info = "EN-RPIK", 16)
//   AEMK = HKDF-SHA256(TEK, salt = none, info = "EN-AEMK", 16)
//   RPI  = AES-128-ECB(RPIK, "EN-RPI" || 0^6 || ENIN as uint32 LE)
//   AEM  = AES-128-CTR(AEMK, IV = RPI, metadata) = metadata XOR AES-128-ECB(AEMK, RPI)[0..4]

using System.Buffers.Binary;
using System.Security.Cryptography;
using Cocoa.Sdk.Crypto.Internal;

namespace Cocoa.Sdk.Crypto;

/// <summary>Derives the keys, identifiers and encrypted metadata of the Exposure Notification protocol from a TEK.</summary>
/// <remarks>
/// <para>The fastest implementation the CPU supports is chosen once at start-up: AES-NI or ARMv8 AES instructions with
/// several blocks in flight, and an HKDF that exploits the protocol's fixed all-zero salt (6 SHA-256 compressions
/// for one key, 8 for both keys through <see cref="DeriveKeys(ReadOnlySpan{byte}, Span{byte}, Span{byte})"/>).
/// Machines without those instructions use System.Security.Cryptography. All paths give identical results.</para>
/// <para>Temporary copies of secrets are wiped before returning. The span overloads write into caller memory and
/// allocate nothing.</para>
/// </remarks>
/// <threadsafety>All members are thread-safe.</threadsafety>
public static class ExposureKeyDerivation
{
    /// <summary>Length of an RPI padded-data block.</summary>
    public const int BlockLength = 16;

    internal static ReadOnlySpan<byte> RpikInfo => "EN-RPIK"u8;

    internal static ReadOnlySpan<byte> AemkInfo => "EN-AEMK"u8;

    internal static ReadOnlySpan<byte> RpiPrefix => "EN-RPI"u8;

    /// <summary>Derives the rolling proximity identifier key of a TEK.</summary>
    /// <param name="key">The temporary exposure key.</param>
    /// <returns>The RPIK.</returns>
    public static RollingProximityIdentifierKey DeriveRollingProximityIdentifierKey(in TemporaryExposureKey key)
    {
        Span<byte> tek = stackalloc byte[TemporaryExposureKey.KeyLength];
        Span<byte> rpik = stackalloc byte[RollingProximityIdentifierKey.Length];
        try
        {
            key.CopyKeyTo(tek);
            DeriveRollingProximityIdentifierKey(tek, rpik);
            return RollingProximityIdentifierKey.FromBytes(rpik);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(tek);
            CryptographicOperations.ZeroMemory(rpik);
        }
    }

    /// <summary>Derives the associated encrypted metadata key of a TEK.</summary>
    /// <param name="key">The temporary exposure key.</param>
    /// <returns>The AEMK.</returns>
    public static AssociatedEncryptedMetadataKey DeriveAssociatedEncryptedMetadataKey(in TemporaryExposureKey key)
    {
        Span<byte> tek = stackalloc byte[TemporaryExposureKey.KeyLength];
        Span<byte> aemk = stackalloc byte[AssociatedEncryptedMetadataKey.Length];
        try
        {
            key.CopyKeyTo(tek);
            DeriveAssociatedEncryptedMetadataKey(tek, aemk);
            return AssociatedEncryptedMetadataKey.FromBytes(aemk);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(tek);
            CryptographicOperations.ZeroMemory(aemk);
        }
    }

    /// <summary>Derives an RPIK from raw TEK bytes into <paramref name="destination"/>.</summary>
    /// <param name="temporaryExposureKey">16 TEK bytes.</param>
    /// <param name="destination">16 bytes for the RPIK.</param>
    /// <exception cref="ArgumentException">A span is not 16 bytes long.</exception>
    public static void DeriveRollingProximityIdentifierKey(ReadOnlySpan<byte> temporaryExposureKey, Span<byte> destination)
    {
        CheckKeyLength(temporaryExposureKey, nameof(temporaryExposureKey));
        CheckDestination(destination, nameof(destination));
        KeyDerivationEngine.DeriveKeys(temporaryExposureKey, destination, default);
    }

    /// <summary>Derives an AEMK from raw TEK bytes into <paramref name="destination"/>.</summary>
    /// <param name="temporaryExposureKey">16 TEK bytes.</param>
    /// <param name="destination">16 bytes for the AEMK.</param>
    /// <exception cref="ArgumentException">A span is not 16 bytes long.</exception>
    public static void DeriveAssociatedEncryptedMetadataKey(ReadOnlySpan<byte> temporaryExposureKey, Span<byte> destination)
    {
        CheckKeyLength(temporaryExposureKey, nameof(temporaryExposureKey));
        CheckDestination(destination, nameof(destination));
        KeyDerivationEngine.DeriveKeys(temporaryExposureKey, default, destination);
    }

    /// <summary>Derives both the RPIK and the AEMK of raw TEK bytes (cheaper than two calls: the HKDF extract step is shared).</summary>
    /// <param name="temporaryExposureKey">16 TEK bytes.</param>
    /// <param name="rollingProximityIdentifierKey">16 bytes for the RPIK.</param>
    /// <param name="associatedEncryptedMetadataKey">16 bytes for the AEMK.</param>
    /// <exception cref="ArgumentException">A span is not 16 bytes long.</exception>
    public static void DeriveKeys(ReadOnlySpan<byte> temporaryExposureKey, Span<byte> rollingProximityIdentifierKey, Span<byte> associatedEncryptedMetadataKey)
    {
        CheckKeyLength(temporaryExposureKey, nameof(temporaryExposureKey));
        CheckDestination(rollingProximityIdentifierKey, nameof(rollingProximityIdentifierKey));
        CheckDestination(associatedEncryptedMetadataKey, nameof(associatedEncryptedMetadataKey));
        KeyDerivationEngine.DeriveKeys(temporaryExposureKey, rollingProximityIdentifierKey, associatedEncryptedMetadataKey);
    }

    /// <summary>Derives both the RPIK and the AEMK of a TEK (the HKDF extract step is shared).</summary>
    /// <param name="key">The temporary exposure key.</param>
    /// <param name="rollingProximityIdentifierKey">The RPIK.</param>
    /// <param name="associatedEncryptedMetadataKey">The AEMK.</param>
    public static void DeriveKeys(in TemporaryExposureKey key, out RollingProximityIdentifierKey rollingProximityIdentifierKey, out AssociatedEncryptedMetadataKey associatedEncryptedMetadataKey)
    {
        Span<byte> buffer = stackalloc byte[3 * 16];
        try
        {
            key.CopyKeyTo(buffer);
            KeyDerivationEngine.DeriveKeys(buffer[..16], buffer.Slice(16, 16), buffer.Slice(32, 16));
            rollingProximityIdentifierKey = RollingProximityIdentifierKey.FromBytes(buffer.Slice(16, 16));
            associatedEncryptedMetadataKey = AssociatedEncryptedMetadataKey.FromBytes(buffer.Slice(32, 16));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }

    /// <summary>Generates the RPI of one interval.</summary>
    /// <param name="key">The RPIK.</param>
    /// <param name="interval">The interval.</param>
    /// <returns>The RPI.</returns>
    public static RollingProximityIdentifier GenerateRollingProximityIdentifier(in RollingProximityIdentifierKey key, EnIntervalNumber interval)
    {
        Span<byte> rpik = stackalloc byte[RollingProximityIdentifierKey.Length];
        Span<byte> rpi = stackalloc byte[RollingProximityIdentifier.Length];
        try
        {
            key.CopyTo(rpik);
            GenerateRollingProximityIdentifiers(rpik, interval, rpi);
            return RollingProximityIdentifier.FromBytes(rpi);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rpik);
        }
    }

    /// <summary>Generates consecutive RPIs (e.g. all 144 of a key) in one call.</summary>
    /// <param name="rollingProximityIdentifierKey">16 RPIK bytes.</param>
    /// <param name="firstInterval">The interval of the first RPI.</param>
    /// <param name="destination">A multiple of 16 bytes; RPI i (for interval first + i) is written at offset 16·i.</param>
    /// <exception cref="ArgumentException">The key is not 16 bytes, or <paramref name="destination"/> is not a multiple of 16 bytes.</exception>
    /// <exception cref="OverflowException">The intervals pass the 32-bit range.</exception>
    public static void GenerateRollingProximityIdentifiers(ReadOnlySpan<byte> rollingProximityIdentifierKey, EnIntervalNumber firstInterval, Span<byte> destination)
    {
        CheckKeyLength(rollingProximityIdentifierKey, nameof(rollingProximityIdentifierKey));
        if (destination.Length % BlockLength != 0)
        {
            throw new ArgumentException("The destination must be a multiple of 16 bytes.", nameof(destination));
        }

        int count = destination.Length / BlockLength;
        _ = firstInterval.AddIntervals(Math.Max(count - 1, 0));
        KeyDerivationEngine.GenerateRpis(rollingProximityIdentifierKey, firstInterval.Value, destination);
    }

    /// <summary>Encrypts metadata into the AEM broadcast with <paramref name="identifier"/>.</summary>
    /// <param name="key">The AEMK.</param>
    /// <param name="identifier">The RPI the metadata is broadcast with (the CTR counter block).</param>
    /// <param name="metadata">The plaintext metadata.</param>
    /// <returns>The AEM.</returns>
    public static AssociatedEncryptedMetadata EncryptMetadata(in AssociatedEncryptedMetadataKey key, in RollingProximityIdentifier identifier, ExposureMetadata metadata)
    {
        Span<byte> buffer = stackalloc byte[ExposureMetadata.Length];
        metadata.CopyTo(buffer);
        ApplyMetadataKeystream(key, identifier, buffer);
        return AssociatedEncryptedMetadata.FromBytes(buffer);
    }

    /// <summary>Decrypts the AEM broadcast with <paramref name="identifier"/>.</summary>
    /// <param name="key">The AEMK.</param>
    /// <param name="identifier">The RPI the AEM was received with.</param>
    /// <param name="encryptedMetadata">The AEM.</param>
    /// <returns>The plaintext metadata (unauthenticated: validate before use).</returns>
    public static ExposureMetadata DecryptMetadata(in AssociatedEncryptedMetadataKey key, in RollingProximityIdentifier identifier, AssociatedEncryptedMetadata encryptedMetadata)
    {
        Span<byte> buffer = stackalloc byte[AssociatedEncryptedMetadata.Length];
        encryptedMetadata.CopyTo(buffer);
        ApplyMetadataKeystream(key, identifier, buffer);
        return ExposureMetadata.FromBytes(buffer);
    }

    /// <summary>Applies the AES-CTR keystream of the AEM in place: encryption and decryption are the same operation.</summary>
    /// <param name="associatedEncryptedMetadataKey">16 AEMK bytes.</param>
    /// <param name="rollingProximityIdentifier">16 RPI bytes (the counter block).</param>
    /// <param name="data">The bytes to encrypt or decrypt in place (at most 16; 4 for EN metadata).</param>
    /// <exception cref="ArgumentException">A key or RPI is not 16 bytes, or <paramref name="data"/> is longer than 16 bytes.</exception>
    public static void ApplyMetadataKeystream(ReadOnlySpan<byte> associatedEncryptedMetadataKey, ReadOnlySpan<byte> rollingProximityIdentifier, Span<byte> data)
    {
        CheckKeyLength(associatedEncryptedMetadataKey, nameof(associatedEncryptedMetadataKey));
        CheckKeyLength(rollingProximityIdentifier, nameof(rollingProximityIdentifier));
        if (data.Length > BlockLength)
        {
            throw new ArgumentException("AEM data is at most one block (16 bytes).", nameof(data));
        }

        Span<byte> keystream = stackalloc byte[BlockLength];
        KeyDerivationEngine.EncryptBlock(associatedEncryptedMetadataKey, rollingProximityIdentifier, keystream);

        for (int i = 0; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }

        CryptographicOperations.ZeroMemory(keystream);
    }

    /// <summary>Writes the 16-byte padded data block "EN-RPI" || 0^6 || interval (uint32 LE).</summary>
    internal static void WritePaddedData(uint interval, Span<byte> block)
    {
        RpiPrefix.CopyTo(block);
        block.Slice(6, 6).Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(block.Slice(12, 4), interval);
    }

    private static void ApplyMetadataKeystream(in AssociatedEncryptedMetadataKey key, in RollingProximityIdentifier identifier, Span<byte> data)
    {
        Span<byte> aemk = stackalloc byte[AssociatedEncryptedMetadataKey.Length];
        Span<byte> rpi = stackalloc byte[RollingProximityIdentifier.Length];
        try
        {
            key.CopyTo(aemk);
            identifier.CopyTo(rpi);
            ApplyMetadataKeystream(aemk, rpi, data);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(aemk);
        }
    }

    private static void CheckDestination(Span<byte> destination, string paramName)
    {
        if (destination.Length != 16)
        {
            throw new ArgumentException($"The destination must be 16 bytes; got {destination.Length}.", paramName);
        }
    }

    private static void CheckKeyLength(ReadOnlySpan<byte> key, string paramName)
    {
        if (key.Length != 16)
        {
            throw new ArgumentException($"Expected 16 bytes; got {key.Length}.", paramName);
        }
    }
}
