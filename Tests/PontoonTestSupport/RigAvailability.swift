import Foundation
import Testing

/// Whether the real-server rig (Synapse venv) is installed, and whether tests must have it.
///
/// Under the README's test command (`scripts/test.sh`) `PONTOON_REQUIRE_RIG=1` is set, and a missing
/// rig fails the run instead of silently skipping the end-to-end tests.
public enum RigAvailability {
    public static var isRequired: Bool { ProcessInfo.processInfo.environment["PONTOON_REQUIRE_RIG"] == "1" }

    public static var hasSynapse: Bool {
        FileManager.default.isExecutableFile(atPath: RepositoryPaths.venvPython.path)
    }

    /// Whether the Debian IRC server of `kind` is installed.
    public static func hasIRCServer(_ kind: IRCServerRig.Kind) -> Bool {
        FileManager.default.isExecutableFile(atPath: kind.executable)
    }

    /// Enable a test that needs ngircd and InspIRCd (and Synapse), or fail loudly when the rig is required.
    public static var ircTrait: ConditionTrait {
        .enabled(if: (hasSynapse && IRCServerRig.Kind.allCases.allSatisfy(hasIRCServer)) || isRequired,
                 "IRC servers or Synapse venv missing: run scripts/test.sh to install the rig")
    }

    /// Enable a test that needs InspIRCd linked to Atheme services, or fail loudly when the rig is required.
    public static var ircServicesTrait: ConditionTrait {
        .enabled(if: (hasSynapse && IRCServicesRig.isInstalled) || isRequired,
                 "InspIRCd, Atheme or openssl missing: run scripts/test.sh to install the rig")
    }

    /// Whether Debian's `kannel` (bearerbox, smsbox) and `kannel-extras` (fakesmsc) are installed.
    public static var hasKannel: Bool {
        KannelRig.executables.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Enable a test that needs a real Kannel with fakesmsc, or fail loudly when the rig is required.
    public static var kannelTrait: ConditionTrait {
        .enabled(if: hasKannel || isRequired, "Kannel or fakesmsc missing: run scripts/test.sh to install the rig")
    }

    /// Enable a Synapse-backed test when the venv exists, or when the rig is required (then it fails loudly).
    public static var synapseTrait: ConditionTrait {
        .enabled(if: hasSynapse || isRequired, "Synapse venv missing: run scripts/test.sh to install the rig")
    }
}
