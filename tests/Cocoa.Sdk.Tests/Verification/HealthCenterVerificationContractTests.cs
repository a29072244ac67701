using System.Net;
using System.Net.Sockets;
using System.Text;
using Cocoa.Sdk.Verification;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Xunit;

namespace Cocoa.Sdk.Tests.Verification;

public class HealthCenterVerificationContractTests
{
    [Fact]
    public void Hasher_MatchesIndependentHmacSha256()
    {
        byte[] key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var hasher = new ProcessingNumberHasher(key);
        Assert.True(ProcessingNumber.TryParse("07788600", out ProcessingNumber pn));

        var mac = new HMac(new Sha256Digest());
        mac.Init(new KeyParameter(key));
        byte[] digits = Encoding.ASCII.GetBytes("07788600");
        mac.BlockUpdate(digits, 0, digits.Length);
        byte[] expected = new byte[32];
        mac.DoFinal(expected, 0);

        Assert.Equal(expected, hasher.ComputeHash(pn));
        Assert.NotEqual(expected, new ProcessingNumberHasher(key.Reverse().ToArray()).ComputeHash(pn));
    }

    [Fact]
    public void Hasher_RejectsShortKeyAndDefaultNumber()
    {
        Assert.Throws<ArgumentException>(() => new ProcessingNumberHasher(new byte[15]));
        Assert.Throws<ArgumentException>(() => new ProcessingNumberHasher(new byte[16]).ComputeHash(default));
    }

    [Property]
    public bool Hasher_DistinctNumbersGiveDistinctHashes(NonNegativeInt a, NonNegativeInt b)
    {
        var hasher = new ProcessingNumberHasher(new byte[32]);
        ProcessingNumber.TryParse((a.Get % 100_000_000).ToString("D8"), out ProcessingNumber x);
        ProcessingNumber.TryParse((b.Get % 100_000_000).ToString("D8"), out ProcessingNumber y);
        return (x == y) == hasher.ComputeHash(x).AsSpan().SequenceEqual(hasher.ComputeHash(y));
    }

    [Theory]
    [InlineData("{\"processingNumber\":\"12345678\"}", "12345678")]
    [InlineData("{\"padding\":[1,{\"a\":2}],\"processingNumber\":\"abc\"}", "abc")]
    [InlineData(" { \"processingNumber\" : \"\" } ", "")]
    public void Request_ParsesWellFormedBodies(string json, string expected)
    {
        Assert.True(ProcessingNumberVerificationRequest.TryParse(Encoding.UTF8.GetBytes(json), out var request));
        Assert.Equal(expected, request.ProcessingNumberText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("\"12345678\"")]
    [InlineData("{}")]
    [InlineData("{\"processingNumber\":12345678}")]
    [InlineData("{\"processingNumber\":null}")]
    [InlineData("{\"processingNumber\":[\"12345678\"]}")]
    [InlineData("{\"processingNumber\":\"12345678\",\"processingNumber\":\"12345678\"}")]
    [InlineData("{\"processingNumber\":\"12345678\"} {}")]
    [InlineData("{\"processingNumber\":\"12345678\"")]
    [InlineData("{'processingNumber':'12345678'}")]
    [InlineData("{\"x\":[[[[[[[[[[1]]]]]]]]]],\"processingNumber\":\"12345678\"}")]
    public void Request_RejectsMalformedBodies(string json) =>
        Assert.False(ProcessingNumberVerificationRequest.TryParse(Encoding.UTF8.GetBytes(json), out _));

    [Fact]
    public void Request_RejectsOversizedBody()
    {
        string json = "{\"pad\":\"" + new string('x', HealthCenterVerificationProtocol.MaxRequestBodyBytes) + "\",\"processingNumber\":\"12345678\"}";
        Assert.False(ProcessingNumberVerificationRequest.TryParse(Encoding.UTF8.GetBytes(json), out _));
    }

    [Property]
    public bool Request_ParseNeverThrows(byte[] body)
    {
        _ = ProcessingNumberVerificationRequest.TryParse(body, out _);
        _ = ProcessingNumberVerificationResponse.TryParse(body, out _);
        return true;
    }

    [Property]
    public bool Request_RoundTripsAnyText(NonNull<string> text)
    {
        byte[] json = new ProcessingNumberVerificationRequest(text.Get).ToUtf8Json();
        return json.Length > HealthCenterVerificationProtocol.MaxRequestBodyBytes
            || (ProcessingNumberVerificationRequest.TryParse(json, out var back) && back.ProcessingNumberText == text.Get);
    }

    [Fact]
    public void Request_ToStringMasksNumber()
    {
        ProcessingNumber pn = ProcessingNumber.Generate();
        Assert.DoesNotContain(pn.Value, new ProcessingNumberVerificationRequest(pn).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"result\":\"OK\"}", true)]
    [InlineData("{\"result\":\"NG\"}", false)]
    public void Response_RoundTrips(string json, bool ok)
    {
        Assert.True(ProcessingNumberVerificationResponse.TryParse(Encoding.UTF8.GetBytes(json), out var response));
        Assert.Equal(ok, response.IsOk);
        Assert.Equal(json, Encoding.UTF8.GetString(response.ToUtf8Json()));
    }

    [Theory]
    [InlineData("{\"result\":\"ok\"}")]
    [InlineData("{\"result\":true}")]
    [InlineData("{\"result\":\"OK\",\"result\":\"NG\"}")]
    [InlineData("{}")]
    [InlineData("OK")]
    public void Response_RejectsAnythingElse(string json) =>
        Assert.False(ProcessingNumberVerificationResponse.TryParse(Encoding.UTF8.GetBytes(json), out _));

    [Fact]
    public async Task Client_ReportsUnreachable_WhenNothingListens()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var http = new HttpClient();
        var client = new HealthCenterVerificationClient(http, new HealthCenterVerificationClientOptions
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            ApiKey = "key",
            Timeout = TimeSpan.FromSeconds(5),
        });
        HealthCenterVerificationResult result = await client.VerifyAsync(ProcessingNumber.Generate());
        Assert.Equal(HealthCenterVerificationOutcome.Unreachable, result.Outcome);
        Assert.Null(result.StatusCode);
    }

    [Fact]
    public async Task Client_ReportsUnreachable_OnTimeout()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        Task<TcpClient> accepted = listener.AcceptTcpClientAsync();
        using var http = new HttpClient();
        var client = new HealthCenterVerificationClient(http, new HealthCenterVerificationClientOptions
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
            ApiKey = "key",
            Timeout = TimeSpan.FromMilliseconds(300),
        });
        HealthCenterVerificationResult result = await client.VerifyAsync(ProcessingNumber.Generate());
        Assert.Equal(HealthCenterVerificationOutcome.Unreachable, result.Outcome);
        (await accepted).Dispose();
    }

    [Fact]
    public void Client_RequiresAddressAndKey()
    {
        using var http = new HttpClient();
        Assert.Throws<ArgumentException>(() => new HealthCenterVerificationClient(http, new HealthCenterVerificationClientOptions { ApiKey = "k" }));
        Assert.Throws<ArgumentException>(() => new HealthCenterVerificationClient(http, new HealthCenterVerificationClientOptions { BaseAddress = new Uri("http://127.0.0.1/") }));
    }
}
