import Foundation

/// The time unit of the core tables: milliseconds since 1970 (UTC), like Matrix's `origin_server_ts`.
public enum CoreTime {
    /// Now, in milliseconds since 1970.
    public static func nowMilliseconds() -> Int64 { Timestamp.now() }

    /// `date` in milliseconds since 1970, rounded down.
    public static func milliseconds(_ date: Date) -> Int64 { Timestamp.milliseconds(date) }
}
