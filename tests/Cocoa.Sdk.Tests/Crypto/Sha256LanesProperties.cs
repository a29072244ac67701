using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using Cocoa.Sdk.Crypto.Internal;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Sdk.Tests.Crypto;

/// <summary>
/// The SHA-256 kernels against System.Security.Cryptography: one-block messages (≤ 55 bytes), a different one in
/// every lane, so a lane mix-up or a wrong rotate fails.
/// </summary>
public class Sha256LanesProperties
{
    [Property(MaxTest = 40)]
    public void EveryLaneWidth_HashesEachLaneIndependently(int seed, byte lengthSeed)
    {
        int length = lengthSeed % 56;
        Check<uint, ScalarSha256Lanes>(seed, length);
        if (Avx2.IsSupported)
        {
            Check<Vector256<uint>, Avx2Sha256Lanes>(seed, length);
        }

        if (Avx512F.IsSupported)
        {
            Check<Vector512<uint>, Avx512Sha256Lanes>(seed, length);
        }
    }

    [Fact]
    public void ZeroSaltPadStates_AreTheStatesAfterTheSaltPadBlocks()
    {
        // HMAC(0^32, m) computed by the library's precomputed pad states equals HMACSHA256 with a 32-byte zero key.
        byte[] tek = Convert.FromHexString("75c734c6dd1a782de7a965da5eb93125");
        byte[] prk = HMACSHA256.HashData(new byte[32], tek);
        Assert.Equal("ad302ba0ad2e8abf5534773b4e6221d9feec940da20132b2cceab6f64dca5bba", Convert.ToHexStringLower(prk));
        Assert.Equal("185ad91db69ec7dd048960f1f3ba6175", Convert.ToHexStringLower(HMACSHA256.HashData(prk, "EN-RPIK\x01"u8)[..16]));

        var rpik = new byte[16];
        ZeroSaltHkdf<uint, ScalarSha256Lanes>.Derive(tek, rpik, default);
        Assert.Equal("185ad91db69ec7dd048960f1f3ba6175", Convert.ToHexStringLower(rpik));
    }

    private static void Check<TVec, TOps>(int seed, int length)
        where TVec : unmanaged
        where TOps : struct, ISha256Lanes<TVec>
    {
        int lanes = TOps.LaneCount;
        var random = new Random(seed);
        byte[][] messages = Enumerable.Range(0, lanes).Select(_ =>
        {
            byte[] m = new byte[length];
            random.NextBytes(m);
            return m;
        }).ToArray();

        uint[] words = new uint[16 * lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            byte[] block = new byte[64];
            messages[lane].CopyTo(block, 0);
            block[length] = 0x80;
            BinaryPrimitives.WriteUInt64BigEndian(block.AsSpan(56), (ulong)length * 8);
            for (int j = 0; j < 16; j++)
            {
                words[(j * lanes) + lane] = BinaryPrimitives.ReadUInt32BigEndian(block.AsSpan(j * 4));
            }
        }

        var state = new TVec[8];
        var blockVectors = new TVec[16];
        for (int j = 0; j < 8; j++)
        {
            state[j] = TOps.Broadcast(Sha256Constants.InitialState[j]);
        }

        for (int j = 0; j < 16; j++)
        {
            blockVectors[j] = TOps.Load(ref words[j * lanes]);
        }

        TOps.Compress(state, blockVectors);
        uint[] digestWords = new uint[8 * lanes];
        for (int j = 0; j < 8; j++)
        {
            TOps.Store(state[j], ref digestWords[j * lanes]);
        }

        for (int lane = 0; lane < lanes; lane++)
        {
            byte[] digest = new byte[32];
            for (int j = 0; j < 8; j++)
            {
                BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(j * 4), digestWords[(j * lanes) + lane]);
            }

            Assert.Equal(SHA256.HashData(messages[lane]), digest);
        }
    }
}
