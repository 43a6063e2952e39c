/// How a bridge process ends; the codes follow BSD `sysexits.h` where one fits.
public enum BridgeExitCode: Int32, Sendable {
    /// Done: the bridge stopped cleanly, or `-e`, `-g`, `--version` did their job.
    case success = 0
    /// The bridge stopped with an error while running (after its config loaded).
    case failure = 1
    /// Wrong command-line arguments (`EX_USAGE`; printed by the argument parser).
    case usage = 64
    /// A file couldn't be written, or `-e` found the config file already there (`EX_CANTCREAT`).
    case cantCreate = 73
    /// The config is missing or wrong (`EX_CONFIG`); one line per problem on stderr.
    case config = 78
}
