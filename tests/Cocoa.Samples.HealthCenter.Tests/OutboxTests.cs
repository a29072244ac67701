using Cocoa.Samples.HealthCenter.Messaging;
using Xunit;

namespace Cocoa.Samples.HealthCenter.Tests;

public sealed class OutboxTests
{
    [Fact]
    public async Task Message_files_are_readable_by_the_service_user_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no Unix file modes
        }

        string dir = Directory.CreateTempSubdirectory("hc-outbox-").FullName;
        try
        {
            var sender = new OutboxMessageSender(dir);
            await sender.SendAsync(new OutgoingMessage("m-1", "09012345678", MessageChannel.Sms, "処理番号: 12345678", DateTimeOffset.UnixEpoch), default);

            string file = Path.Combine(dir, "m-1.json");
            Assert.True(File.Exists(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
