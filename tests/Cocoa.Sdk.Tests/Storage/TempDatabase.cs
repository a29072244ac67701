using Cocoa.Sdk.Storage.Internal;
using Microsoft.Data.Sqlite;

namespace Cocoa.Sdk.Tests.Storage;

/// <summary>A database path in a fresh temporary directory, deleted on dispose; plus raw inspection helpers.</summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        // A fresh private folder per database: no fixed shared parent that another user's run could own.
        Directory = System.IO.Directory.CreateTempSubdirectory("cocoa-tests-").FullName;
        DatabasePath = System.IO.Path.Combine(Directory, "exposure.db");
    }

    public string Directory { get; }

    public string DatabasePath { get; }

    public string PathFor(string name) => System.IO.Path.Combine(Directory, name);

    /// <summary>Opens the file directly (not through the SDK) and counts the rows of every table it has.</summary>
    public static Dictionary<string, long> CountRowsInEveryTable(string databasePath)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (string table in tables)
        {
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM \"{table}\"";
            counts[table] = (long)count.ExecuteScalar()!;
        }

        return counts;
    }

    /// <summary>Lists the columns of a table, read from the file.</summary>
    public static List<string> Columns(string databasePath, string table)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
        using var reader = command.ExecuteReader();
        var columns = new List<string>();
        while (reader.Read())
        {
            columns.Add(reader.GetString(0));
        }

        return columns;
    }

    /// <summary>Returns the database file and its WAL as they are on disk right now (what a crash would leave).</summary>
    public static byte[] RawBytes(string databasePath)
    {
        using var buffer = new MemoryStream();
        foreach (string file in new[] { databasePath, databasePath + "-wal", databasePath + "-journal" })
        {
            if (File.Exists(file))
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.CopyTo(buffer);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Copies the database and its WAL as they are on disk now: the state a power cut would leave behind.</summary>
    public static void SnapshotFiles(string databasePath, string destinationPath)
    {
        foreach (string suffix in new[] { "", "-wal" })
        {
            if (File.Exists(databasePath + suffix))
            {
                using var source = new FileStream(databasePath + suffix, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var target = File.Create(destinationPath + suffix);
                source.CopyTo(target);
            }
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
