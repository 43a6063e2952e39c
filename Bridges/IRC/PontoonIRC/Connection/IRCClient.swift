import Logging
import NIOCore

/// One IRC connection that stays up: it connects, registers (CAP, SASL, nick alternatives), keeps
/// track of its channels, answers PINGs and checks liveness, writes through a flood limiter, and
/// reconnects with backoff and jitter, rejoining its channels, until ``stop(quitMessage:)``.
///
/// Everything it hears is reported through `onEvent`, one event at a time and in order.
public actor IRCClient {
    public typealias EventHandler = @Sendable (IRCClientEvent) async -> Void

    /// What the next connection uses; `want(nick:)` and `use(authentication:clientCertificate:)` change it.
    public private(set) var settings: IRCConnectionSettings
    private let logger: Logger
    private let onEvent: EventHandler
    private let gate: ConnectGate?

    /// The nick the server knows us by right now.
    public private(set) var nick: String
    public private(set) var capabilities: Set<String> = []
    /// The values of the enabled capabilities that have one (`draft/relaymsg` → its separators).
    public private(set) var capabilityValues: [String: String] = [:]
    private var roster = IRCChannelRoster()
    /// Channels to be in (folded name → name, key), rejoined after every reconnect.
    private var wantedChannels: [String: (name: String, key: String?)] = [:]
    private var connection: LiveConnection?
    private var runTask: Task<Void, Never>?
    private var stopped = false
    private var lastReceived = ContinuousClock.now
    private var echoes = PendingEchoes()
    private var nextLabel = 0
    private var registration: IRCRegistration?
    /// The nick to get back when the server gave us an alternative (it was in use).
    private var wantedNick: String
    private var lastNickAttempt = ContinuousClock.now

    public init(settings: IRCConnectionSettings, logger: Logger, gate: ConnectGate? = nil, onEvent: @escaping EventHandler) {
        self.settings = settings
        self.logger = logger
        self.gate = gate
        self.onEvent = onEvent
        nick = settings.nick
        wantedNick = NickRules.sanitize(settings.nick, maxLength: 64)
    }

    /// The nick to keep trying for (after the user changed it).
    public func want(nick: String) {
        wantedNick = nick
        settings.nick = nick
    }

    /// How the next connection logs in (after `certfp` moved a login to its certificate); the
    /// current connection is already logged in and stays as it is.
    public func use(authentication: IRCConnectionSettings.Authentication, clientCertificate: IRCClientCertificate?) {
        settings.authentication = authentication
        settings.requireSASL = authentication != .none
        settings.clientCertificate = clientCertificate
    }

    /// Asks for the wanted nick again, at most once a minute, while we have another one.
    private func reclaimNickIfDue(_ live: LiveConnection) {
        guard live.isReady, fold(nick) != fold(wantedNick), lastNickAttempt.duration(to: .now) >= .seconds(60) else { return }
        lastNickAttempt = .now
        live.writeImmediately(.nick(wantedNick), logger: logger)
    }

    public var isupport: ISupport { roster.support }
    public var isConnected: Bool { connection?.isReady ?? false }

    /// The channels the client is in now.
    public var channels: [IRCChannelState] { Array(roster.channels.values) }
    public func channel(_ name: String) -> IRCChannelState? { roster.channel(name) }
    public func fold(_ name: String) -> String { roster.fold(name) }

    /// Starts connecting in the background (idempotent).
    public func start() {
        guard runTask == nil, !stopped else { return }
        runTask = Task { await self.runLoop() }
    }

    /// Sends QUIT and closes for good. Waits (up to 3 s) for the server to close the connection,
    /// so the nick is free again when this returns.
    public func stop(quitMessage: String = "Bridge shutting down") async {
        stopped = true
        if let connection, connection.isRegistered {
            connection.writeImmediately(IRCMessage(command: "QUIT", parameters: [quitMessage]), logger: logger)
            let deadline = ContinuousClock.now + .seconds(3)
            while self.connection != nil, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        connection?.close()
        runTask?.cancel()
        await runTask?.value
        runTask = nil
        echoes.failAll()
    }

    /// Waits until the client is registered and has rejoined its channels; false after `timeout`.
    public func waitUntilReady(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !(connection?.isReady ?? false) {
            guard ContinuousClock.now < deadline, !stopped else { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }

    /// Sends a line through the flood limiter; returns once it is written.
    public func send(_ message: IRCMessage) async throws {
        guard let connection, connection.isRegistered else { throw stopped ? IRCClientError.stopped : .notConnected }
        let line: String
        do { line = try message.wireLine() } catch { throw IRCClientError.invalidLine("\(error)") }
        try await connection.enqueue(line)
    }

    /// Sends a PRIVMSG (or NOTICE) and, when the server echoes messages, waits briefly for the echo
    /// to learn the message's `msgid`; returns it (nil without echo-message or msgids).
    public func sendMessage(to target: String, text: String, tags: [String: String] = [:], notice: Bool = false) async throws -> String? {
        var message = notice ? IRCMessage.notice(target, text) : IRCMessage.privmsg(target, text)
        message.tags = capabilities.contains("message-tags") ? tags : [:]
        guard capabilities.contains("echo-message") else {
            try await send(message)
            return nil
        }
        let key: PendingEchoes.Key
        if capabilities.contains("labeled-response") {
            nextLabel += 1
            let label = "pt\(nextLabel)"
            message.tags["label"] = label
            key = .label(label)
        } else {
            key = .content(target: fold(target), text: text)
        }
        let waiter = echoes.expect(key)
        try await send(message)
        return await waiter.value(timeout: .seconds(10))
    }

    /// Joins a channel and remembers it for reconnects.
    public func join(_ channel: String, key: String? = nil) async throws {
        // A join without a key (a Matrix user joining the portal) keeps the key given before.
        let key = key ?? wantedChannels[fold(channel)]?.key
        await setWanted(channel, .some(key))
        try await send(.join(channel, key: key))
    }

    /// Leaves a channel and forgets it.
    public func part(_ channel: String, reason: String? = nil) async throws {
        await setWanted(channel, nil)
        try await send(.part(channel, reason: reason))
    }

    /// Forgets a channel without sending anything (we were kicked, or the join failed).
    public func forgetChannel(_ channel: String) async {
        await setWanted(channel, nil)
    }

    /// Channels to join from the first connection on (what a session stored before a restart).
    public func remember(_ channels: [IRCWantedChannel]) {
        for channel in channels { wantedChannels[fold(channel.name)] = (channel.name, channel.key) }
    }

    /// The channels joined on every connection, sorted by folded name.
    public var wantedChannelList: [IRCWantedChannel] {
        wantedChannels.sorted { $0.key < $1.key }.map { IRCWantedChannel(name: $0.value.name, key: $0.value.key) }
    }

    /// Sets (`.some(key)`) or removes (`nil`) a wanted channel, reporting a change.
    private func setWanted(_ channel: String, _ key: String??) async {
        let folded = fold(channel)
        let before = wantedChannels[folded]
        if let key {
            wantedChannels[folded] = (channel, key)
        } else {
            wantedChannels[folded] = nil
        }
        let after = wantedChannels[folded]
        guard before?.name != after?.name || before?.key != after?.key else { return }
        await onEvent(.channelsChanged(wantedChannelList))
    }

    // MARK: - The connection loop

    private func runLoop() async {
        var backoff = ReconnectBackoff()
        while !stopped, !Task.isCancelled {
            let startedAt = ContinuousClock.now
            let outcome = await runOneConnection()
            connection = nil
            roster.reset()
            echoes.failAll()
            if stopped || Task.isCancelled { return }
            switch outcome {
            case .fatal(let reason):
                logger.error("IRC login refused", metadata: ["server": "\(settings.host)", "reason": "\(reason)"])
                stopped = true
                await onEvent(.failed(reason: reason))
                return
            case .lost(let reason, let registered):
                let delay = backoff.nextDelay(lastConnectionLasted: registered ? startedAt.duration(to: .now) : nil)
                logger.warning("IRC connection lost", metadata: ["server": "\(settings.host)", "reason": "\(reason)",
                                                                  "retry_s": "\(delay.components.seconds)"])
                await onEvent(.disconnected(reason: reason, retryIn: delay))
                try? await Task.sleep(for: delay)
            }
        }
    }

    enum ConnectionOutcome: Sendable {
        case lost(String, registered: Bool)
        case fatal(String)
    }

    private func runOneConnection() async -> ConnectionOutcome {
        if let gate { await gate.enter() }
        let live = LiveConnection(flood: settings.flood)
        var outcome = ConnectionOutcome.lost("the server closed the connection", registered: false)
        do {
            let channel = try await IRCTransport.connect(settings)
            connection = live
            lastReceived = .now
            let fresh = IRCRegistration(settings: settings)
            registration = fresh
            outcome = try await channel.executeThenClose { inbound, outbound in
                live.attach(outbound)
                for message in fresh.openingLines() { live.writeImmediately(message, logger: logger) }
                return try await withThrowingTaskGroup(of: ConnectionOutcome?.self) { group in
                    group.addTask {
                        await live.runWriter()
                        return nil
                    }
                    group.addTask {
                        try await self.watchLiveness(live)
                        return nil
                    }
                    group.addTask {
                        var framer = IRCLineFramer()
                        for try await buffer in inbound {
                            for framed in framer.append(buffer.readableBytesView) {
                                if let outcome = await self.receive(framed, live: live) { return outcome }
                            }
                        }
                        return nil
                    }
                    // Whichever task ends first ends the connection.
                    let first = try await group.next() ?? nil
                    group.cancelAll()
                    return first ?? .lost("the server closed the connection", registered: live.isRegistered)
                }
            }
        } catch {
            outcome = .lost(connection == nil ? "cannot connect to \(settings.host):\(settings.port): \(error)" : "\(error)",
                            registered: live.isRegistered)
        }
        if let gate, !live.isRegistered { await gate.leave() }
        live.finish()
        if case .lost(let reason, _) = outcome { return .lost(reason, registered: live.isRegistered) }
        return outcome
    }

    /// Handles one received line; returns an outcome when the connection must end.
    private func receive(_ framed: IRCFramedLine, live: LiveConnection) async -> ConnectionOutcome? {
        lastReceived = .now
        guard case .line(let bytes) = framed else {
            logger.debug("Overlong IRC line dropped", metadata: ["server": "\(settings.host)"])
            return nil
        }
        let text = settings.textDecoder.decode(bytes)
        guard !text.isEmpty else { return nil }
        let message: IRCMessage
        do { message = try IRCMessage(parsing: text) } catch {
            logger.debug("Unparsable IRC line dropped", metadata: ["server": "\(settings.host)", "error": "\(error)"])
            return nil
        }
        switch message.command {
        case "PING":
            live.writeImmediately(IRCMessage(command: "PONG", parameters: message.parameters), logger: logger)
            return nil
        case "ERROR":
            return .lost(message.parameters.last ?? "ERROR", registered: live.isRegistered)
        default:
            guard live.isRegistered else { return await register(message, live: live) }
            return await handleRegistered(message, live: live)
        }
    }

    private func register(_ message: IRCMessage, live: LiveConnection) async -> ConnectionOutcome? {
        guard var registration else { return nil }
        let (replies, outcome) = registration.handle(message)
        self.registration = registration
        for reply in replies { live.writeImmediately(reply, logger: logger) }
        switch outcome {
        case .pending:
            return nil
        case .failed(let reason):
            return .fatal(reason)
        case .registered(let givenNick):
            nick = givenNick
            capabilities = registration.enabledCapabilities
            capabilityValues = registration.capabilityValues.filter { capabilities.contains($0.key) }
            live.markRegistered()
            if let gate { await gate.leave() }
            logger.info("IRC connection registered", metadata: ["server": "\(settings.host)", "nick": "\(givenNick)",
                                                                 "caps": "\(capabilities.sorted().joined(separator: ","))"])
            return nil
        }
    }

    private func handleRegistered(_ message: IRCMessage, live: LiveConnection) async -> ConnectionOutcome? {
        let selfNickBefore = nick
        switch message.command {
        case "005":
            roster.support.apply(Array(message.parameters.dropFirst().dropLast()))
        case "376", "422":
            if !live.isReady {
                live.markReady()
                await rejoinChannels(live)
                await onEvent(.ready(nick: nick))
            }
            return nil
        case "NICK" where fold(message.source?.nick ?? "") == fold(nick):
            nick = message.parameters.first ?? nick
        case "433" where live.isReady, "432" where live.isReady:
            // A nick change we asked for was refused: the event tells the session; we keep our nick.
            break
        default:
            break
        }
        let isEcho = message.source.map { fold($0.nick) == fold(nick) } ?? false
            && (message.command == "PRIVMSG" || message.command == "NOTICE")
            && capabilities.contains("echo-message")
        let sourceChannels = message.source.map { roster.channels(of: $0.nick) } ?? []
        roster.apply(message, selfNick: selfNickBefore)
        if isEcho, echoes.resolve(message, fold: fold) { return nil }
        if !isEcho, let label = message.tags["label"] { echoes.answered(label: label) }
        await onEvent(.line(message, isEcho: isEcho, sourceChannels: sourceChannels))
        return nil
    }

    private func rejoinChannels(_ live: LiveConnection) async {
        for (_, channel) in wantedChannels.sorted(by: { $0.key < $1.key }) {
            if let line = try? IRCMessage.join(channel.name, key: channel.key).wireLine() {
                try? await live.enqueue(line)
            }
        }
    }

    /// Sends a PING after `pingInterval` of silence; throws (ending the connection) after `pingTimeout` more.
    private func watchLiveness(_ live: LiveConnection) async throws {
        let step = min(settings.pingInterval, settings.pingTimeout) / 4
        var pinged = false
        while !Task.isCancelled {
            try await Task.sleep(for: step)
            let silent = lastReceived.duration(to: .now)
            if silent >= settings.pingInterval + settings.pingTimeout {
                throw LivenessTimeout(silentFor: silent)
            }
            reclaimNickIfDue(live)
            if silent < settings.pingInterval {
                pinged = false
            } else if !pinged {
                live.writeImmediately(IRCMessage(command: "PING", parameters: ["pontoon"]), logger: logger)
                pinged = true
            }
        }
    }
}

/// The connection ended because the server went silent.
struct LivenessTimeout: Error, CustomStringConvertible {
    var silentFor: Duration
    var description: String { "ping timeout (\(silentFor.components.seconds) s without a line from the server)" }
}
