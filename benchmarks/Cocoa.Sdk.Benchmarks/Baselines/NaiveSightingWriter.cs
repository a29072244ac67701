using Microsoft.Data.Sqlite;

namespace Cocoa.Sdk.Benchmarks.Baselines;

/// <summary>The obvious way to store what a scan heard: one connection and one autocommitted INSERT per row.</summary>
internal static class NaiveSightingWriter
{
    public static void Write(string connectionString, long scanStartMs, IReadOnlyList<(byte[] Rpi, byte[] Aem, int Rssi, long SeenAtMs)> sightings)
    {
        Exec(connectionString, "INSERT INTO scans (started_at, duration_ms) VALUES ($a, 4000)", ("$a", scanStartMs));
        foreach (var s in sightings)
        {
            Exec(connectionString, "INSERT INTO sightings (rpi, aem, rssi, seen_at) VALUES ($a, $b, $c, $d)", ("$a", s.Rpi), ("$b", s.Aem), ("$c", s.Rssi), ("$d", s.SeenAtMs));
        }
    }

    private static void Exec(string connectionString, string sql, params (string, object)[] args)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in args)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }
}
