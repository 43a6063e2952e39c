import Pontoon

/// The SMS bridge's own bot commands.
enum SMSCommands {
    static let section = CommandSection(title: "SMS", order: 25)

    /// `webhooks`: the URLs to give the provider for each of the user's numbers.
    static func webhooks(config: SMSBridgeConfig?) -> Command<BridgeServices> {
        Command(name: "webhooks", section: section, summary: "Show the URLs to give your SMS provider.",
                requiresLogin: true) { context in
            guard let config else { return }
            var blocks: [CommandReply.Block] = []
            for (login, _) in await context.services.logins(of: context.sender) {
                guard let metadata = try? SMSLoginMetadata(json: login.metadata) else { continue }
                let incoming = SMSWebhookRoutes.url(base: config.webhookURL, provider: metadata.provider, key: metadata.webhookKey, endpoint: .incoming)
                switch metadata.provider {
                case .twilio:
                    blocks.append(.paragraph("\(bold: metadata.number) (Twilio): set the number's Messaging webhook (“A message comes in”, HTTP POST) to \(code: incoming)"))
                case .kannel:
                    blocks.append(.paragraph("\(bold: metadata.number) (Kannel): add this service to Kannel's configuration: \(code: KannelSetup.smsServiceSnippet(incomingURL: incoming, receiverPrefix: metadata.number))"))
                }
            }
            await context.reply(CommandReply(blocks))
        }
    }
}
