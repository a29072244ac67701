using System.Text;
using Cocoa.Samples.HealthCenter.Api;
using FsCheck;
using FsCheck.Xunit;
using Xunit;

namespace Cocoa.Samples.HealthCenter.Tests;

public class PatientInputTests
{
    [Theory]
    [InlineData("090-1234-5678", "09012345678")]
    [InlineData("08011112222", "08011112222")]
    [InlineData("070-0000-0000", "07000000000")]
    [InlineData("+81 90 1234 5678", "09012345678")]
    [InlineData("+819012345678", "09012345678")]
    [InlineData("+81-80-1111-2222", "08011112222")]
    [InlineData("(090) 1234-5678", "09012345678")]
    public void MobileNumbers_AreNormalised(string phone, string expected)
    {
        Assert.Null(PatientInput.Validate("山田 太郎", "ヤマダ タロウ", phone, null, "新宿区保健所", out PatientInput? input));
        Assert.Equal(expected, input!.Phone);
    }

    [Theory]
    [InlineData("03-1234-5678")]
    [InlineData("+81 3 1234 5678")]
    [InlineData("+8109012345678")]
    [InlineData("+1 415 555 0100")]
    [InlineData("090123456789")]
    [InlineData("０９０１２３４５６７８")]
    public void OtherPhoneNumbers_AreRejected(string phone) =>
        Assert.NotNull(PatientInput.Validate("山田 太郎", "ヤマダ タロウ", phone, null, "新宿区保健所", out _));

    [Property]
    public bool ParseJson_NeverThrows(byte[] body)
    {
        _ = PatientInput.TryParseJson(body, out _);
        return true;
    }

    [Property]
    public bool AcceptedFields_NeverCarryMarkupOrSqlPunctuation(NonNull<string> name, NonNull<string> kana, NonNull<string> center, string? phone, string? email)
    {
        if (PatientInput.Validate(name.Get, kana.Get, phone, email, center.Get, out PatientInput? input) is not null)
        {
            return input is null;
        }

        string all = input!.Name + input.NameKana + input.HealthCenter + input.Phone + input.Email;
        return all.IndexOfAny(['\'', '"', ';', '<', '>', '&', '\\', '\0', '\n', '\r']) < 0 && (input.Phone is not null || input.Email is not null);
    }

    [Property]
    public bool ValidRecords_RoundTripThroughJson(PositiveInt seed)
    {
        string[] names = ["山田 太郎", "鈴木花子", "Anna Müller", "佐藤・ジョン"];
        string[] kana = ["ヤマダ タロウ", "スズキハナコ", "アンナ ミュラー", "サトウ・ジョン"];
        int i = seed.Get % names.Length;
        string phone = "090" + (seed.Get % 100_000_000).ToString("D8");
        string json = $"{{\"name\":\"{names[i]}\",\"nameKana\":\"{kana[i]}\",\"phone\":\"{phone}\",\"email\":null,\"healthCenter\":\"保健所{i}\"}}";
        return PatientInput.TryParseJson(Encoding.UTF8.GetBytes(json), out PatientInput? input) is null
            && input!.Name == names[i] && input.Phone == phone && input.Email is null;
    }
}
