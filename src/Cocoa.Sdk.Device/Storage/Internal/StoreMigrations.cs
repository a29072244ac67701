namespace Cocoa.Sdk.Storage.Internal;

/// <summary>
/// The schema, as an ordered list of migrations. The applied version is kept in <c>PRAGMA user_version</c>, so the
/// store has no bookkeeping table that could hold personal data. Each migration runs in one transaction together with
/// its version bump: a crash during a migration leaves the previous version intact.
/// </summary>
internal static class StoreMigrations
{
    /// <summary>Gets the migrations; index i moves the schema from version i to version i + 1.</summary>
    public static IReadOnlyList<string[]> All { get; } =
    [
        // v1: consent, own keys, sightings, scans, cursors, daily results.
        [
            """
            CREATE TABLE consent (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                granted_at INTEGER NOT NULL)
            """,
            """
            CREATE TABLE exposure_keys (
                id INTEGER PRIMARY KEY,
                key_data BLOB NOT NULL CHECK (length(key_data) = 16),
                rolling_start INTEGER NOT NULL,
                rolling_period INTEGER NOT NULL CHECK (rolling_period BETWEEN 1 AND 144),
                created_at INTEGER NOT NULL)
            """,
            """
            CREATE TABLE sightings (
                id INTEGER PRIMARY KEY,
                rpi BLOB NOT NULL CHECK (length(rpi) = 16),
                aem BLOB NOT NULL CHECK (length(aem) = 4),
                rssi INTEGER NOT NULL,
                seen_at INTEGER NOT NULL)
            """,
            "CREATE INDEX ix_sightings_seen_at ON sightings (seen_at)",
            """
            CREATE TABLE scans (
                id INTEGER PRIMARY KEY,
                started_at INTEGER NOT NULL,
                duration_ms INTEGER NOT NULL)
            """,
            "CREATE INDEX ix_scans_started_at ON scans (started_at)",
            """
            CREATE TABLE export_cursors (
                region TEXT PRIMARY KEY,
                cursor TEXT NOT NULL,
                updated_at INTEGER NOT NULL)
            """,
            """
            CREATE TABLE exposure_days (
                day INTEGER PRIMARY KEY,
                high_risk INTEGER NOT NULL,
                score_sum REAL NOT NULL,
                scan_seconds INTEGER NOT NULL,
                notified INTEGER NOT NULL DEFAULT 0)
            """,
        ],

        // v2: check history for the status screen and a processed-file cache so a re-listed file is not matched again.
        [
            """
            CREATE TABLE exposure_checks (
                id INTEGER PRIMARY KEY,
                checked_at INTEGER NOT NULL,
                succeeded INTEGER NOT NULL,
                files_processed INTEGER NOT NULL)
            """,
            """
            CREATE TABLE processed_files (
                sha256 BLOB PRIMARY KEY,
                region TEXT NOT NULL,
                processed_at INTEGER NOT NULL)
            """,
        ],

        // v3: the OS's semantics. Matched exposure windows are kept per day (deduplicated by key and start, so a key
        // matched again from another file counts once); the daily results are recomputed from all of them. Files that
        // could not be used are recorded with the reason.
        [
            """
            CREATE TABLE exposure_windows (
                id INTEGER PRIMARY KEY,
                key_digest BLOB NOT NULL CHECK (length(key_digest) = 16),
                day INTEGER NOT NULL,
                start_s INTEGER NOT NULL,
                report_type INTEGER NOT NULL,
                infectiousness INTEGER NOT NULL,
                calibration INTEGER NOT NULL,
                scan_instances BLOB NOT NULL,
                UNIQUE (key_digest, start_s))
            """,
            "CREATE INDEX ix_exposure_windows_day ON exposure_windows (day)",
            """
            CREATE TABLE rejected_files (
                id INTEGER PRIMARY KEY,
                region TEXT NOT NULL,
                location TEXT NOT NULL,
                reason TEXT NOT NULL,
                rejected_at INTEGER NOT NULL)
            """,
        ],
    ];

    /// <summary>Gets the schema version this code writes.</summary>
    public static int CurrentVersion => All.Count;
}
