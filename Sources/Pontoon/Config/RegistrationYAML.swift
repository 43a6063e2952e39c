import PontoonMatrix
import Yams

/// Writes and reads a registration as YAML (Yams lives in this module, not in PontoonMatrix).
public enum RegistrationYAML {
    /// The registration as a YAML document with a header comment naming the bridge.
    public static func encode(_ registration: AppserviceRegistration, generatedBy bridge: String) throws -> String {
        let body = try YAMLEncoder().encode(registration)
        return """
        # Appservice registration for \(bridge), generated with -g. Install it on the homeserver
        # (Synapse: app_service_config_files in homeserver.yaml) and restart it. Keep it secret:
        # it holds the bridge's tokens. Regenerating keeps the tokens in the bridge config.

        """ + body
    }

    /// Reads a registration file's YAML.
    public static func decode(_ yaml: String) throws -> AppserviceRegistration {
        try YAMLDecoder().decode(AppserviceRegistration.self, from: yaml)
    }
}
