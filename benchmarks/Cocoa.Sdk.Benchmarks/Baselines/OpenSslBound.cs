using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Cocoa.Sdk.Benchmarks.Baselines;

/// <summary>
/// The OpenSSL single-stream per-core bound of matching one diagnosis key, measured in-process: 144 AES-128 blocks
/// (EVP AES-128-ECB over 2,304 bytes, one call, fixed key — what <c>openssl speed -evp aes-128-ecb</c> times) plus 6
/// SHA-256 compressions (<c>SHA256_Transform</c>, the block function <c>openssl speed sha256</c> runs on long inputs).
/// libcrypto picks its code path from the CPU and <c>OPENSSL_ia32cap</c> (read once at load), so the bound of a narrower
/// x86 kind is taken by starting the process with that mask (see docs/benchmarks.md).
/// </summary>
internal sealed unsafe partial class OpenSslBound : IDisposable
{
    public const int AesBlocksPerKey = 144;
    public const int CompressionsPerKey = 6;
    private const string LibCrypto = "libcrypto.so.3";

    private readonly nint _context;
    private readonly byte* _plaintext;
    private readonly byte* _ciphertext;
    private readonly byte* _shaContext;
    private readonly byte* _block;

    public OpenSslBound()
    {
        _context = EVP_CIPHER_CTX_new();
        byte* key = stackalloc byte[16];
        for (int i = 0; i < 16; i++)
        {
            key[i] = (byte)(0x75 + i);
        }

        if (_context == 0 || EVP_EncryptInit_ex(_context, EVP_aes_128_ecb(), 0, key, null) != 1 || EVP_CIPHER_CTX_set_padding(_context, 0) != 1)
        {
            throw new InvalidOperationException("libcrypto: EVP AES-128-ECB set-up failed.");
        }

        _plaintext = (byte*)NativeMemory.AlignedAlloc(AesBlocksPerKey * 16, 64);
        _ciphertext = (byte*)NativeMemory.AlignedAlloc(AesBlocksPerKey * 16, 64);
        _shaContext = (byte*)NativeMemory.AlignedAlloc(256, 64); // SHA256_CTX is 112 bytes
        _block = (byte*)NativeMemory.AlignedAlloc(64, 64);
        new Span<byte>(_plaintext, AesBlocksPerKey * 16).Fill(0x45);
        new Span<byte>(_block, 64).Fill(0x36);
        if (SHA256_Init(_shaContext) != 1)
        {
            throw new InvalidOperationException("libcrypto: SHA256_Init failed.");
        }
    }

    /// <summary>Gets libcrypto's version string (e.g. "OpenSSL 3.0.x …").</summary>
    public static string Version => Marshal.PtrToStringAnsi(OpenSSL_version(0)) ?? "?";

    /// <summary>Does the bound's work for <paramref name="keys"/> keys.</summary>
    public int Run(int keys)
    {
        int written = 0;
        for (int k = 0; k < keys; k++)
        {
            AesPerKey(ref written);
            ShaPerKey();
        }

        return written + _ciphertext[0] + _shaContext[0];
    }

    /// <summary>Only the AES part (144 blocks per key).</summary>
    public int RunAes(int keys)
    {
        int written = 0;
        for (int k = 0; k < keys; k++)
        {
            AesPerKey(ref written);
        }

        return written + _ciphertext[0];
    }

    /// <summary>Only the SHA-256 part (6 compressions per key).</summary>
    public int RunSha(int keys)
    {
        for (int k = 0; k < keys; k++)
        {
            ShaPerKey();
        }

        return _shaContext[0];
    }

    public void Dispose()
    {
        EVP_CIPHER_CTX_free(_context);
        NativeMemory.AlignedFree(_plaintext);
        NativeMemory.AlignedFree(_ciphertext);
        NativeMemory.AlignedFree(_shaContext);
        NativeMemory.AlignedFree(_block);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void AesPerKey(ref int written)
    {
        int length;
        EVP_EncryptUpdate(_context, _ciphertext, &length, _plaintext, AesBlocksPerKey * 16);
        written += length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void ShaPerKey()
    {
        for (int c = 0; c < CompressionsPerKey; c++)
        {
            SHA256_Transform(_shaContext, _block);
        }
    }

    [LibraryImport(LibCrypto)]
    private static partial nint EVP_CIPHER_CTX_new();

    [LibraryImport(LibCrypto)]
    private static partial void EVP_CIPHER_CTX_free(nint context);

    [LibraryImport(LibCrypto)]
    private static partial nint EVP_aes_128_ecb();

    [LibraryImport(LibCrypto)]
    private static partial int EVP_EncryptInit_ex(nint context, nint cipher, nint engine, byte* key, byte* iv);

    [LibraryImport(LibCrypto)]
    private static partial int EVP_CIPHER_CTX_set_padding(nint context, int padding);

    // Short calls into native code that never block: no GC transition, so the bound pays no more call overhead than C would.
    [LibraryImport(LibCrypto)]
    [SuppressGCTransition]
    private static partial int EVP_EncryptUpdate(nint context, byte* output, int* outputLength, byte* input, int inputLength);

    [LibraryImport(LibCrypto)]
    private static partial int SHA256_Init(byte* context);

    [LibraryImport(LibCrypto)]
    [SuppressGCTransition]
    private static partial void SHA256_Transform(byte* context, byte* block);

    [LibraryImport(LibCrypto)]
    private static partial nint OpenSSL_version(int type);
}
