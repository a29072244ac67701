// Cocoa.Sdk native crypto helper: the EN key schedule with the x86 SHA extensions (SHA-NI) and AES-NI.
//
// .NET 10 exposes no x86 SHA intrinsics, so the managed x86 backends hash in software (multi-buffer AVX2/AVX-512). This
// helper is the CryptoBackendKind.X86ShaNi backend of Cocoa.Sdk.Crypto.Internal:
//   cocoa_crypto_shani_hkdf  — zero-salt HKDF-SHA256 of TEKs (RPIK and/or AEMK) on SHA-NI;
//   cocoa_crypto_shani_rpis  — TEK -> RPIK -> consecutive RPIs, with the HKDF of key k + 1 (SHA-NI) interleaved with the AES of
//                       key k (AES-NI). SHA256RNDS2 and AESENC run on different units, so the two overlap in the
//                       out-of-order window instead of adding up: this is what lets one core beat the single-stream
//                       OpenSSL bound (144 AES blocks + 6 SHA-256 compressions per key, one after the other).
// The managed side passes the HKDF constants it computes once (ZeroSaltHkdf: pad states, prescheduled expand blocks), checks
// cocoa_crypto_version and cocoa_crypto_shani_supported, and falls back to its own code when the library or the CPU feature is
// missing. Only SSE4.1, SHA and AES instructions are used (no AVX), so the helper also runs where AVX-512 is off.
// Build and verification: build.sh next to this file (gcc, deterministic flags, no dependency beyond the C runtime).

#include <stddef.h>
#include <stdint.h>
#include <cpuid.h>
#include <immintrin.h>

#define EXPORT __attribute__((visibility("default")))
#define TARGET __attribute__((target("sse4.1,sha,aes")))
#define INLINE static inline __attribute__((always_inline)) TARGET

// Constants from the managed code (Sha256Constants, ZeroSaltHkdf), so they are written once; layout mirrored by
// NativeCrypto.HkdfConstants: 64 + 8 + 8 + 8 + 64 + 64 uint32, 16-byte aligned.
typedef struct
{
    uint32_t round_constants[64];   // FIPS 180-4 §4.2.2 K
    uint32_t initial_state[8];      // FIPS 180-4 §5.3.3 H(0)
    uint32_t inner_pad_state[8];    // SHA-256 state after the block (0^32 XOR ipad) || ipad...
    uint32_t outer_pad_state[8];    // after (0^32 XOR opad) || opad...
    uint32_t rpik_round_inputs[64]; // K[t] + W[t] of the RPIK expand block ("EN-RPIK" || 0x01 || padding)
    uint32_t aemk_round_inputs[64]; // K[t] + W[t] of the AEMK expand block
} cocoa_hkdf_constants;

// ---------------------------------------------------------------------------------------------------------------------
// SHA-256 on SHA-NI

// A SHA-256 state as SHA256RNDS2 wants it: (A, B, E, F) and (C, D, G, H).
typedef struct { __m128i abef, cdgh; } sha_state;

INLINE sha_state state_from_words(const uint32_t *w)
{
    __m128i dcba = _mm_loadu_si128((const __m128i *)w);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)(w + 4));
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    sha_state s = { _mm_alignr_epi8(cdab, efgh, 8), _mm_blend_epi16(efgh, cdab, 0xF0) };
    return s;
}

// The digest words a..h as two message-word vectors (lane 0 = a, the order SHA256RNDS2's message operand uses).
INLINE void state_to_words(sha_state s, __m128i *abcd, __m128i *efgh)
{
    __m128i feba = _mm_shuffle_epi32(s.abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(s.cdgh, 0xB1);
    *abcd = _mm_blend_epi16(feba, dchg, 0xF0);
    *efgh = _mm_alignr_epi8(dchg, feba, 8);
}

// AES work that the SHA-256 compression functions below can carry along: the 24 RPIs of intervals counter .. counter + 23
// (three groups of 8 blocks), written to out. The SHA-256 rounds of one message form a serial chain of SHA256RNDS2
// (latency-bound); AESENC runs on other ports. Issuing a few AES rounds after each SHA-256 quad-round keeps both units
// busy; a whole compression followed by whole AES groups does not overlap (the waiting SHA micro-ops fill the scheduler).
typedef struct
{
    const __m128i *keys; // 11 round keys, or NULL for no AES work
    __m128i counter;     // PaddedData of the first interval
    uint8_t *out;
} aes_work;

#ifndef STITCH_BLOCKS
#define STITCH_BLOCKS 4 // AES blocks in flight beside the SHA-256 chain: with 6 or 8, gcc spills (SHA-NI instructions reach only XMM0-15)
#endif
#define STITCH_GROUPS (24 / STITCH_BLOCKS)
#define AES_STEPS (STITCH_GROUPS * 11) // each group: whitening, 9 rounds, last round + store

// AES step `step` of the 24 blocks: b holds the current group.
INLINE void aes_step(const aes_work *a, __m128i b[STITCH_BLOCKS], int step)
{
    int group = step / 11, round = step % 11;
    if (round == 0)
    {
#pragma GCC unroll 8
        for (int j = 0; j < STITCH_BLOCKS; j++)
        {
            b[j] = _mm_xor_si128(_mm_add_epi32(a->counter, _mm_setr_epi32(0, 0, 0, STITCH_BLOCKS * group + j)), a->keys[0]);
        }
    }
    else if (round < 10)
    {
#pragma GCC unroll 8
        for (int j = 0; j < STITCH_BLOCKS; j++)
        {
            b[j] = _mm_aesenc_si128(b[j], a->keys[round]);
        }
    }
    else
    {
#pragma GCC unroll 8
        for (int j = 0; j < STITCH_BLOCKS; j++)
        {
            _mm_storeu_si128((__m128i *)(a->out + 16 * (STITCH_BLOCKS * group + j)), _mm_aesenclast_si128(b[j], a->keys[10]));
        }
    }
}

// Compresses one block (k: the 64 round constants): 16 message words in w[0..3] (overwritten by the message schedule), or, if round_inputs is not
// NULL, a block whose 64 round inputs K[t] + W[t] were computed beforehand (no schedule). With a->keys set, the 24 AES
// blocks of `a` are encrypted along the way.
INLINE void compress(sha_state *state, __m128i *words, const uint32_t *k, const uint32_t *round_inputs, const aes_work *a)
{
    // Work on locals (registers): the caller's state lives in memory that is wiped later, and a store/load round trip per
    // SHA256RNDS2 would lengthen the serial chain.
    __m128i abef = state->abef, cdgh = state->cdgh;
    __m128i w[4] = { words[0], words[1], words[2], words[3] };
    __m128i b[STITCH_BLOCKS];
#pragma GCC unroll 16
    for (int i = 0; i < 16; i++)
    {
        __m128i m;
        if (round_inputs != NULL)
        {
            m = _mm_loadu_si128((const __m128i *)(round_inputs + 4 * i));
        }
        else
        {
            if (i >= 4)
            {
                __m128i t = _mm_sha256msg1_epu32(w[i & 3], w[(i + 1) & 3]);
                t = _mm_add_epi32(t, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
                w[i & 3] = _mm_sha256msg2_epu32(t, w[(i + 3) & 3]);
            }

            m = _mm_add_epi32(w[i & 3], _mm_loadu_si128((const __m128i *)(k + 4 * i)));
        }

        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, m);
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(m, 0x0E));
        if (a != NULL)
        {
#pragma GCC unroll 4
            for (int step = i * AES_STEPS / 16; step < (i + 1) * AES_STEPS / 16; step++)
            {
                aes_step(a, b, step);
            }
        }
    }

    state->abef = _mm_add_epi32(abef, state->abef);
    state->cdgh = _mm_add_epi32(cdgh, state->cdgh);
}

// ---------------------------------------------------------------------------------------------------------------------
// Zero-salt HKDF as six single-compression steps, so the RPI kernel can spread them over the AES work of another key:
//   0: PRK inner  H(ipad state, TEK || padding)          1: PRK outer  H(opad state, inner || padding)
//   2: H(IV, PRK XOR ipad || ipad...)                      3: H(IV, PRK XOR opad || opad...)
//   4: expand inner  H(inner pad state, info || 0x01)     5: expand outer  H(outer pad state, digest || padding) -> key
// Steps 4 and 5 can be repeated for a second key of the same TEK (the AEMK after the RPIK).

typedef struct
{
    sha_state s, inner, outer;
    __m128i w[4], prk[2];
} hkdf;

static const uint8_t BSWAP32[16] __attribute__((aligned(16))) = { 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12 };

// The block (32-byte digest of s || padding) that follows a 64-byte pad block; s becomes `next`.
INLINE void digest_block(hkdf *h, sha_state next)
{
    __m128i abcd, efgh;
    state_to_words(h->s, &abcd, &efgh);
    h->w[0] = abcd;
    h->w[1] = efgh;
    h->w[2] = _mm_setr_epi32((int)0x80000000, 0, 0, 0);
    h->w[3] = _mm_setr_epi32(0, 0, 0, (64 + 32) * 8);
    h->s = next;
}

INLINE void hkdf_begin(hkdf *h, const cocoa_hkdf_constants *c, const uint8_t *tek)
{
    h->w[0] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)tek), _mm_load_si128((const __m128i *)BSWAP32));
    h->w[1] = _mm_setr_epi32((int)0x80000000, 0, 0, 0);
    h->w[2] = _mm_setzero_si128();
    h->w[3] = _mm_setr_epi32(0, 0, 0, (64 + 16) * 8); // a 16-byte TEK after a 64-byte pad block
    h->s = state_from_words(c->inner_pad_state);
}

// Runs step `step`; `expand` is the prescheduled expand block (RPIK or AEMK); step 5 returns the 16-byte key (the first
// four digest words, big-endian) and resets s for another expand. `a` is AES work done along the way (NULL for none).
INLINE __m128i hkdf_step(hkdf *h, const cocoa_hkdf_constants *c, int step, const uint32_t *expand, const aes_work *a)
{
    const __m128i ipad = _mm_set1_epi32(0x36363636), opad = _mm_set1_epi32(0x5c5c5c5c);
    __m128i abcd, efgh;
    switch (step)
    {
    case 0:
        compress(&h->s, h->w, c->round_constants, NULL, a);
        digest_block(h, state_from_words(c->outer_pad_state));
        break;
    case 1:
        compress(&h->s, h->w, c->round_constants, NULL, a);
        state_to_words(h->s, &h->prk[0], &h->prk[1]);
        h->w[0] = _mm_xor_si128(h->prk[0], ipad);
        h->w[1] = _mm_xor_si128(h->prk[1], ipad);
        h->w[2] = ipad;
        h->w[3] = ipad;
        h->inner = state_from_words(c->initial_state);
        break;
    case 2:
        compress(&h->inner, h->w, c->round_constants, NULL, a);
        h->w[0] = _mm_xor_si128(h->prk[0], opad);
        h->w[1] = _mm_xor_si128(h->prk[1], opad);
        h->w[2] = opad;
        h->w[3] = opad;
        h->outer = state_from_words(c->initial_state);
        break;
    case 3:
        compress(&h->outer, h->w, c->round_constants, NULL, a);
        h->s = h->inner;
        break;
    case 4:
        compress(&h->s, h->w, c->round_constants, expand, a);
        digest_block(h, h->outer);
        break;
    default:
        compress(&h->s, h->w, c->round_constants, NULL, a);
        state_to_words(h->s, &abcd, &efgh);
        h->s = h->inner;
        return _mm_shuffle_epi8(abcd, _mm_load_si128((const __m128i *)BSWAP32));
    }

    return _mm_setzero_si128();
}

// ---------------------------------------------------------------------------------------------------------------------
// AES-128 on AES-NI (FIPS 197)

typedef struct { __m128i k[11]; } aes_keys;

INLINE __m128i expand_step(__m128i key, __m128i assist)
{
    assist = _mm_shuffle_epi32(assist, 0xFF);
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    key = _mm_xor_si128(key, _mm_slli_si128(key, 4));
    return _mm_xor_si128(key, assist);
}

INLINE void aes_expand(aes_keys *r, __m128i key)
{
    r->k[0] = key;
    r->k[1] = key = expand_step(key, _mm_aeskeygenassist_si128(key, 0x01));
    r->k[2] = key = expand_step(key, _mm_aeskeygenassist_si128(key, 0x02));
    r->k[3] = key = expand_step(key, _mm_aeskeygenassist_si128(key, 0x04));
    r->k[4] = key = expand_step(key, _mm_aeskeygenassist_si128(key, 0x08));
    r->k[5] = key = expand_step(key, _mm_aeskeygenassist_si128(key, 0x10));
    r->k[6] = key = expand_step(key, _mm_aeskeygenassist_si128(key, 0x20));
    r->k[7] = key = expand_step(key, _mm_aeskeygenassist_si128(key, 0x40));
    r->k[8] = key = expand_step(key, _mm_aeskeygenassist_si128(key, 0x80));
    r->k[9] = key = expand_step(key, _mm_aeskeygenassist_si128(key, 0x1B));
    r->k[10] = expand_step(key, _mm_aeskeygenassist_si128(key, 0x36));
}

#define AES_GROUP 8

// RPIs of AES_GROUP consecutive intervals: PaddedData = "EN-RPI" || 0^6 || interval (uint32, little-endian).
INLINE void aes_rpi_group(const aes_keys *r, __m128i counter, uint8_t *out)
{
    __m128i b[AES_GROUP];
#pragma GCC unroll 8
    for (int j = 0; j < AES_GROUP; j++)
    {
        b[j] = _mm_xor_si128(_mm_add_epi32(counter, _mm_setr_epi32(0, 0, 0, j)), r->k[0]);
    }

#pragma GCC unroll 9
    for (int round = 1; round < 10; round++)
    {
#pragma GCC unroll 8
        for (int j = 0; j < AES_GROUP; j++)
        {
            b[j] = _mm_aesenc_si128(b[j], r->k[round]);
        }
    }

#pragma GCC unroll 8
    for (int j = 0; j < AES_GROUP; j++)
    {
        _mm_storeu_si128((__m128i *)(out + 16 * j), _mm_aesenclast_si128(b[j], r->k[10]));
    }
}

INLINE __m128i aes_rpi_one(const aes_keys *r, __m128i counter)
{
    __m128i b = _mm_xor_si128(counter, r->k[0]);
    for (int round = 1; round < 10; round++)
    {
        b = _mm_aesenc_si128(b, r->k[round]);
    }

    return _mm_aesenclast_si128(b, r->k[10]);
}

static void wipe(volatile void *p, size_t n)
{
    volatile uint8_t *b = (volatile uint8_t *)p;
    for (size_t i = 0; i < n; i++)
    {
        b[i] = 0;
    }
}

// ---------------------------------------------------------------------------------------------------------------------
// Exports

// The interface version; the managed side refuses a library with another one.
EXPORT int cocoa_crypto_version(void) { return 2; }

// 1 if the CPU has SHA-NI, AES-NI and SSE4.1.
EXPORT int cocoa_crypto_shani_supported(void)
{
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_SSE4_1) || !(ecx & bit_AES))
    {
        return 0;
    }

    return __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx & bit_SHA) != 0;
}

// Derives the RPIK and/or the AEMK (NULL = skipped) of count TEKs; key i at offset 16 i of each buffer.
EXPORT TARGET void cocoa_crypto_shani_hkdf(const cocoa_hkdf_constants *c, const uint8_t *teks, uint8_t *rpiks, uint8_t *aemks,
                                    size_t count)
{
    hkdf h;
    for (size_t i = 0; i < count; i++)
    {
        hkdf_begin(&h, c, teks + 16 * i);
#pragma GCC unroll 4
        for (int step = 0; step < 4; step++)
        {
            hkdf_step(&h, c, step, NULL, NULL);
        }

        if (rpiks != NULL)
        {
            hkdf_step(&h, c, 4, c->rpik_round_inputs, NULL);
            _mm_storeu_si128((__m128i *)(rpiks + 16 * i), hkdf_step(&h, c, 5, NULL, NULL));
        }

        if (aemks != NULL)
        {
            hkdf_step(&h, c, 4, c->aemk_round_inputs, NULL);
            _mm_storeu_si128((__m128i *)(aemks + 16 * i), hkdf_step(&h, c, 5, NULL, NULL));
        }
    }

    wipe(&h, sizeof h);
}

static const uint8_t PADDED_DATA[16] __attribute__((aligned(16))) = { 0x45, 0x4E, 0x2D, 0x52, 0x50, 0x49 }; // "EN-RPI"

// TEK -> RPIK -> rpis_per_key RPIs for count keys: key i's RPIs for intervals starts[i] .. starts[i] + rpis_per_key - 1
// at rpis + 16 (i rpis_per_key + j). The caller has checked that no interval range passes 2^32 - 1.
// For a whole day (144 RPIs = 6 x 24) the six HKDF compressions of key i + 1 carry the AES work of key i, 24 blocks each.
EXPORT TARGET void cocoa_crypto_shani_rpis(const cocoa_hkdf_constants *c, const uint8_t *teks, const uint32_t *starts,
                                    size_t count, size_t rpis_per_key, uint8_t *rpis)
{
    hkdf h;
    aes_keys keys;
    __m128i rpik = _mm_setzero_si128();
    const __m128i padded = _mm_load_si128((const __m128i *)PADDED_DATA);
    int stitched = rpis_per_key == 6 * 24;
    for (size_t i = 0; i < count; i++)
    {
        if (i == 0 || !stitched)
        {
            hkdf_begin(&h, c, teks + 16 * i);
#pragma GCC unroll 6
            for (int step = 0; step < 6; step++)
            {
                rpik = hkdf_step(&h, c, step, c->rpik_round_inputs, NULL);
            }
        }

        aes_expand(&keys, rpik);
        uint8_t *out = rpis + 16 * i * rpis_per_key;
        __m128i counter = _mm_insert_epi32(padded, (int)starts[i], 3);
        if (stitched)
        {
            aes_work a = { keys.k, counter, out };
            if (i + 1 < count)
            {
                hkdf_begin(&h, c, teks + 16 * (i + 1));
            }
            else
            {
                hkdf_begin(&h, c, teks + 16 * i); // a dummy chain to carry the last key's AES work
            }

#pragma GCC unroll 6
            for (int step = 0; step < 6; step++)
            {
                a.counter = _mm_add_epi32(counter, _mm_setr_epi32(0, 0, 0, 24 * step));
                a.out = out + 16 * 24 * step;
                __m128i key = hkdf_step(&h, c, step, c->rpik_round_inputs, &a);
                if (step == 5)
                {
                    rpik = key;
                }
            }
        }
        else
        {
            size_t j = 0;
            for (; j + AES_GROUP <= rpis_per_key; j += AES_GROUP)
            {
                aes_rpi_group(&keys, _mm_add_epi32(counter, _mm_setr_epi32(0, 0, 0, (int)j)), out + 16 * j);
            }

            for (; j < rpis_per_key; j++)
            {
                _mm_storeu_si128((__m128i *)(out + 16 * j), aes_rpi_one(&keys, _mm_add_epi32(counter, _mm_setr_epi32(0, 0, 0, (int)j))));
            }
        }
    }

    wipe(&h, sizeof h);
    wipe(&keys, sizeof keys);
    rpik = _mm_setzero_si128();
    wipe(&rpik, sizeof rpik);
}

// ---------------------------------------------------------------------------------------------------------------------
// AES-128 with VAES on 512-bit registers: four RPIs per instruction (AES-NI does one). Used by the X86Avx512Vaes backend
// for the AES part only (its HKDF stays in the managed 16-lane AVX-512 code, which is faster than SHA-NI on such machines).

// ("sha" only so the shared AES-NI helpers above, compiled for it, can be inlined; no SHA instruction is used here.)
#define TARGET512 __attribute__((target("sse4.1,sha,aes,avx2,avx512f,vaes")))

// 1 if the CPU and the OS allow AVX-512F and VAES on ZMM registers (CPUID leaf 7: EBX bit 16, ECX bit 9; XCR0: SSE, AVX
// and the three AVX-512 state components enabled).
EXPORT int cocoa_crypto_vaes512_supported(void)
{
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & bit_AES) || !(ecx & bit_OSXSAVE))
    {
        return 0;
    }

    unsigned int xcr0_low, xcr0_high;
    __asm__("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0xE6) != 0xE6)
    {
        return 0;
    }

    return __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx & bit_AVX512F) != 0 && (ecx & bit_VAES) != 0;
}

// rpis_per_key RPIs of each of count RPIKs (key i at rpiks + 16 i, its first interval starts[i]); RPI j of key i at
// rpis + 16 (i rpis_per_key + j). The caller has checked that no interval range passes 2^32 - 1.
EXPORT TARGET512 void cocoa_crypto_vaes512_rpis(const uint8_t *rpiks, const uint32_t *starts, size_t count, size_t rpis_per_key,
                                         uint8_t *rpis)
{
    const __m128i padded = _mm_load_si128((const __m128i *)PADDED_DATA);
    aes_keys keys;
    for (size_t i = 0; i < count; i++)
    {
        aes_expand(&keys, _mm_loadu_si128((const __m128i *)(rpiks + 16 * i)));
        __m512i k[11];
        for (int r = 0; r < 11; r++)
        {
            k[r] = _mm512_broadcast_i32x4(keys.k[r]);
        }

        __m128i counter = _mm_insert_epi32(padded, (int)starts[i], 3);
        // Four consecutive intervals per register: interval + 0..3 in 32-bit element 3 of each 128-bit lane.
        const __m512i base = _mm512_add_epi32(_mm512_broadcast_i32x4(counter), _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3));
        uint8_t *out = rpis + 16 * i * rpis_per_key;
        size_t j = 0;
        for (; j + 48 <= rpis_per_key; j += 48)
        {
            __m512i b[12];
#pragma GCC unroll 12
            for (int x = 0; x < 12; x++)
            {
                b[x] = _mm512_xor_si512(_mm512_add_epi32(base, _mm512_set4_epi32((int)(j + 4 * x), 0, 0, 0)), k[0]);
            }

#pragma GCC unroll 9
            for (int r = 1; r < 10; r++)
            {
#pragma GCC unroll 12
                for (int x = 0; x < 12; x++)
                {
                    b[x] = _mm512_aesenc_epi128(b[x], k[r]);
                }
            }

#pragma GCC unroll 12
            for (int x = 0; x < 12; x++)
            {
                _mm512_storeu_si512((void *)(out + 16 * (j + 4 * x)), _mm512_aesenclast_epi128(b[x], k[10]));
            }
        }

        for (; j + 4 <= rpis_per_key; j += 4)
        {
            __m512i b = _mm512_xor_si512(_mm512_add_epi32(base, _mm512_set4_epi32((int)j, 0, 0, 0)), k[0]);
            for (int r = 1; r < 10; r++)
            {
                b = _mm512_aesenc_epi128(b, k[r]);
            }

            _mm512_storeu_si512((void *)(out + 16 * j), _mm512_aesenclast_epi128(b, k[10]));
        }

        for (; j < rpis_per_key; j++)
        {
            _mm_storeu_si128((__m128i *)(out + 16 * j), aes_rpi_one(&keys, _mm_add_epi32(counter, _mm_setr_epi32(0, 0, 0, (int)j))));
        }
    }

    wipe(&keys, sizeof keys);
}
