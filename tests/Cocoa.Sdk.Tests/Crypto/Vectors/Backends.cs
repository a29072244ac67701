using Cocoa.Sdk.Crypto.Internal;
using Xunit;

namespace Cocoa.Sdk.Tests.Crypto.Vectors;

/// <summary>Theory data: the name of every crypto backend this machine supports (the portable one always).</summary>
public static class Backends
{
    public static TheoryData<string> Supported
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (CryptoBackendKind kind in CryptoBackend.Supported)
            {
                data.Add(kind.ToString());
            }

            return data;
        }
    }

    internal static CryptoBackend.Scope Force(string name) => CryptoBackend.Force(Enum.Parse<CryptoBackendKind>(name));
}
