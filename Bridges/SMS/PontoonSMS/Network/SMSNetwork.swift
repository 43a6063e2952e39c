import AsyncHTTPClient
import Foundation
import Hummingbird
import Pontoon
import PontoonMatrix

/// The SMS network: each login is one phone number at a provider (Kannel or Twilio). Remote
/// people are ghosts named by their number (`@sms_15551234567`); a conversation with a number is a
/// DM portal of that login, and a room with several numbers' ghosts is a group text.
public struct SMSNetwork: RemoteNetwork {
    let config: SMSBridgeConfig?
    let httpClient: HTTPClient
    let directory = SMSWebhookDirectory()

    /// The descriptor only (for `-e`, `-g`).
    public init() {
        config = nil
        httpClient = .shared
    }

    public init(config: SMSBridgeConfig, httpClient: HTTPClient = .shared) {
        self.config = config
        self.httpClient = httpClient
    }

    public var id: String { "sms" }
    public var displayName: String { "SMS" }
    public var version: String { "0.1.0" }
    public var exampleConfigSection: String { SMSBridgeConfig.example }

    public var capabilities: NetworkCapabilities {
        // Files go out as MMS (Twilio) or as links (Kannel), always through their public URL.
        NetworkCapabilities(media: [.image, .file, .audio, .video])
    }

    public var loginFlows: [LoginFlowDescription] {
        var flows: [LoginFlowDescription] = []
        if config?.twilio != nil || config == nil {
            flows.append(LoginFlowDescription(id: "twilio", name: "Twilio", summary: "A Twilio number: account SID, auth token and the number."))
        }
        if config?.kannel != nil || config == nil {
            flows.append(LoginFlowDescription(id: "kannel", name: "Kannel", summary: "A number on the bridge's Kannel gateway: its sendsms user and password."))
        }
        return flows
    }

    public func startLogin(flowID: String, for user: UserID) async throws -> any LoginProcess {
        guard let config else { throw LoginError(userMessage: "The SMS bridge is not configured.") }
        switch flowID {
        case "twilio" where config.twilio != nil: return TwilioLogin(config: config, httpClient: httpClient)
        case "kannel" where config.kannel != nil: return KannelLogin(config: config, httpClient: httpClient)
        default: throw LoginError(userMessage: "This bridge has no \(flowID) logins.")
        }
    }

    public func makeSession(for login: StoredLogin, events: any RemoteEventSink) async throws -> any RemoteSession {
        guard let config else { throw LoginError(userMessage: "The SMS bridge is not configured.") }
        let metadata = try SMSLoginMetadata(json: login.metadata)
        let providers = SMSProviders(config: config, httpClient: httpClient)
        return try SMSSession(loginID: login.loginID, metadata: metadata, provider: try providers.provider(for: metadata),
                              fetchMedia: providers.mediaFetcher(for: metadata), config: config, events: events,
                              directory: directory)
    }

    /// The webhook routes to add to the bridge's listener.
    public func install(on router: Router<BasicRequestContext>) {
        guard let config else { return }
        SMSWebhookRoutes(directory: directory, config: config, logger: .pontoon("sms-webhooks")).install(on: router)
    }

    /// The network's bot commands.
    public var commands: [Command<BridgeServices>] { [SMSCommands.webhooks(config: config)] }
}
