import AsyncHTTPClient
import Foundation
import Synchronization

/// A real Kannel 1.4.5 (Debian `kannel`, `kannel-extras`) on free loopback ports, for the SMS
/// bridge's Kannel tests: bearerbox with a fake SMSC, smsbox with `sendsms` and one
/// `sms-service`, and **fakesmsc** playing the carrier on the fake SMSC's port.
///
/// - Texts the bridge sends (MT) are what fakesmsc prints as `Got message N: <from to type data>`;
///   read them with ``messages`` and ``waitForMessage(timeout:where:)`` (concatenated parts are
///   joined).
/// - Texts from phones (MO) are written to fakesmsc's stdin at the moment a test chooses
///   (``inject(from:to:text:)``): started without messages, fakesmsc reads one line at a time
///   from stdin and sends it to bearerbox, on the same connection it receives MTs on.
/// - The fake SMSC reports every MT as submitted (DLR 8) and then delivered (DLR 1).
///
/// Use ``withKannel(smsService:_:)`` so every process stops on every path; ``restart(smsService:)``
/// keeps the ports and the `sendsms-user`.
public final class KannelRig: StoppableRig {
    public static let bearerboxPath = "/usr/sbin/bearerbox"
    public static let smsboxPath = "/usr/sbin/smsbox"
    public static let fakesmscPath = "/usr/lib/kannel/test/fakesmsc"
    /// What must be installed for the rig.
    public static var executables: [String] { [bearerboxPath, smsboxPath, fakesmscPath] }
    /// The `sendsms-user`'s `max-messages`: parts smsbox sends of one request.
    public static let maxMessages = 10
    /// fakesmsc reads stdin into a 256-byte buffer: a longer line would become several MOs.
    public static let maxInjectedLineBytes = 250

    public struct Ports: Sendable, Hashable {
        public var admin: Int
        public var smsbox: Int
        public var sendsms: Int
        public var smsc: Int
    }

    public let ports: Ports
    public let directory: URL
    /// The `sendsms-user`.
    public let username = "pontoon"
    public let password: String
    private let adminPassword: String
    private let processes: Mutex<[String: ChildProcess]>
    private let output: Mutex<FakeSMSCOutput>
    private let readers: Mutex<[Task<Void, Never>]>

    /// smsbox's `sendsms` address, for ``KannelProvider``.
    public var sendsmsURL: String { "http://127.0.0.1:\(ports.sendsms)" }

    private init(ports: Ports, directory: URL, password: String, adminPassword: String) {
        self.ports = ports
        self.directory = directory
        self.password = password
        self.adminPassword = adminPassword
        self.processes = Mutex([:])
        self.output = Mutex(FakeSMSCOutput())
        self.readers = Mutex([])
    }

    /// Starts bearerbox, fakesmsc and smsbox and waits until smsbox and fakesmsc are connected.
    ///
    /// - Parameter smsService: the `group = sms-service` text (e.g. the bridge's
    ///   `KannelSetup.smsServiceSnippet`); nil for one that takes every MO and answers nothing.
    public static func start(smsService: String? = nil) async throws -> KannelRig {
        guard RigAvailability.hasKannel else {
            throw RigError.missing("\(executables.joined(separator: ", ")): run scripts/test.sh (it installs kannel and kannel-extras)")
        }
        let directory = try RepositoryPaths.scratchDirectory("kannel")
        var ports: [Int] = []
        for _ in 0..<4 { ports.append(try FreePort.find()) }
        let rig = KannelRig(ports: Ports(admin: ports[0], smsbox: ports[1], sendsms: ports[2], smsc: ports[3]),
                            directory: directory, password: randomSecret(), adminPassword: randomSecret())
        do {
            try await rig.launchAll(smsService: smsService)
            return rig
        } catch {
            await rig.stop()
            throw error
        }
    }

    /// Stops Kannel and starts it again on the same ports with the same `sendsms-user`, with
    /// `smsService` as its `sms-service` (as an admin does after pasting the bridge's snippet).
    /// Texts fakesmsc received before are kept in ``messages``.
    public func restart(smsService: String? = nil) async throws {
        await stopAll()
        try await waitUntil("Kannel's ports are free", timeout: .seconds(20)) {
            ![self.ports.admin, self.ports.smsbox, self.ports.sendsms, self.ports.smsc].contains(where: FreePort.isListening)
        }
        do {
            try await launchAll(smsService: smsService)
        } catch {
            await stop()
            throw error
        }
    }

    private func launchAll(smsService: String?) async throws {
        let config = directory.appendingPathComponent("kannel.conf")
        try KannelRigConfig.text(rig: self, adminPassword: adminPassword, smsService: smsService)
            .write(to: config, atomically: true, encoding: .utf8)
        try launch("bearerbox", Self.bearerboxPath, ["-v", "2", config.path])
        // The fake SMSC listens once bearerbox has read its config; fakesmsc gives up if it can't connect.
        try await waitUntil("bearerbox's fake SMSC listens on \(ports.smsc)") { FreePort.isListening(self.ports.smsc) }
        try launchFakeSMSC()
        try launch("smsbox", Self.smsboxPath, ["-v", "2", config.path])
        try await waitUntil("smsbox and fakesmsc are connected to bearerbox") { await self.isConnected() }
        try await waitUntil("smsbox's sendsms listens on \(ports.sendsms)") { FreePort.isListening(self.ports.sendsms) }
    }

    /// Stops every process.
    public func stop() async {
        await stopAll()
        for reader in readers.withLock({ $0 }) { await reader.value }
    }

    private func stopAll() async {
        for name in ["smsbox", "fakesmsc", "bearerbox"] { await stopProcess(name) }
    }

    /// Stops smsbox only: `sendsms` then refuses connections, as when an admin's smsbox is down.
    public func stopSMSBox() async {
        await stopProcess("smsbox")
        try? await waitUntil("smsbox's sendsms port closes", timeout: .seconds(10)) { !FreePort.isListening(self.ports.sendsms) }
    }

    // MARK: - Phones

    /// A text from `from` to `to`, sent by fakesmsc now: plain ASCII as fakesmsc's `text` type
    /// (GSM coding), anything else as `ucs2` (UCS-2 coding, as a phone sends Cyrillic or emoji).
    public func inject(from: String, to: String, text: String) throws {
        let isPlain = text.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) } && text.trimmingCharacters(in: .whitespaces) == text
        let data = isPlain ? "text " + text : "ucs2 " + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }.map(Self.percentEncoded).joined()
        try inject(line: "\(from) \(to) \(data)")
    }

    /// One raw fakesmsc line, `sender receiver type data` (types: `text`, `data`, `ucs2`, `udh`…).
    public func inject(line: String) throws {
        guard line.utf8.count <= Self.maxInjectedLineBytes, !line.contains("\n") else {
            throw RigError.failed("a fakesmsc line is one line of at most \(Self.maxInjectedLineBytes) bytes, not \(line.utf8.count)")
        }
        guard let fakesmsc = processes.withLock({ $0["fakesmsc"] }), fakesmsc.isRunning else {
            throw RigError.failed("fakesmsc is not running:\n\(log().suffix(2000))")
        }
        try fakesmsc.send(line: line)
    }

    /// Every text fakesmsc received so far, in order; concatenated parts joined once all arrived.
    public var messages: [FakeSMSCMessage] { output.withLock { $0.messages } }

    /// The first received text matching `predicate`, waiting up to `timeout` for it.
    public func waitForMessage(timeout: Duration = .seconds(20),
                               where predicate: @Sendable (FakeSMSCMessage) -> Bool = { _ in true }) async throws -> FakeSMSCMessage {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let found = messages.first(where: predicate) { return found }
            guard ContinuousClock.now < deadline else {
                throw RigError.timeout("no matching text at fakesmsc; it received \(messages.count):\n\(log().suffix(3000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// fakesmsc's output and the tails of bearerbox's and smsbox's logs, for failure messages.
    public func log() -> String {
        let fakesmsc = output.withLock { $0.lines.suffix(40).joined(separator: "\n") }
        let files = ["bearerbox.log", "smsbox.log"].map { name in
            let text = (try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return "--- \(name)\n" + String(text.suffix(1500))
        }
        return (["--- fakesmsc\n" + fakesmsc] + files).joined(separator: "\n")
    }

    // MARK: - Processes

    private func launch(_ name: String, _ path: String, _ arguments: [String]) throws {
        let process = try ChildProcess(executable: URL(fileURLWithPath: path), arguments: arguments,
                                       stderrTo: directory.appendingPathComponent("\(name).err"))
        processes.withLock { $0[name] = process }
    }

    /// fakesmsc in interactive mode (no messages on the command line), logging at debug level so
    /// every received text is printed, with its log (stderr) on the stdout the rig reads.
    private func launchFakeSMSC() throws {
        let process = try ChildProcess(executable: URL(fileURLWithPath: "/bin/sh"), arguments: [
            "-c", "exec \"$0\" \"$@\" 2>&1", Self.fakesmscPath, "-H", "127.0.0.1", "-r", String(ports.smsc), "-i", "0", "-v", "0",
        ], stderrTo: directory.appendingPathComponent("fakesmsc.err"))
        processes.withLock { $0["fakesmsc"] = process }
        let reader = Task { [self] in
            for await line in process.lines {
                self.output.withLock { $0.read(line) }
            }
        }
        readers.withLock { $0.append(reader) }
    }

    /// Kills `name` outright. The children inherit the test process's blocked SIGINT and SIGTERM
    /// (seen in `/proc/<pid>/status`), so asking them to stop only waits out a timeout; nothing
    /// of Kannel's needs a clean stop here (no store file, delivery reports kept in memory).
    private func stopProcess(_ name: String) async {
        guard let process = processes.withLock({ $0.removeValue(forKey: name) }) else { return }
        if process.isRunning { kill(process.pid, SIGKILL) }
        await process.stop(timeout: .seconds(5))
    }

    /// Whether bearerbox's status page shows smsbox connected and the fake SMSC online.
    private func isConnected() async -> Bool {
        let url = "http://127.0.0.1:\(ports.admin)/cgi-bin/status.txt?password=\(adminPassword)"
        guard let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(2)),
              let body = try? await response.body.collect(upTo: 64 * 1024) else { return false }
        let status = String(buffer: body)
        guard let boxes = status.range(of: "Box connections:"), let smscs = status.range(of: "SMSC connections:") else { return false }
        let smsbox = status[boxes.upperBound..<smscs.lowerBound].contains("smsbox:")
        let smscOnline = status[smscs.upperBound...].contains("(online")
        return smsbox && smscOnline
    }

    private func waitUntil(_ what: String, timeout: Duration = .seconds(30), _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !(await condition()) {
            for (name, process) in processes.withLock({ $0 }) where !process.isRunning {
                throw RigError.failed("\(name) exited while waiting until \(what):\n\(log().suffix(3000))")
            }
            guard ContinuousClock.now < deadline else { throw RigError.timeout("\(what):\n\(log().suffix(3000))") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private static func randomSecret() -> String {
        (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    static func percentEncoded(_ byte: UInt8) -> String {
        String(format: "%%%02X", byte)
    }
}

/// Runs `body` with a fresh Kannel and stops it afterwards, also when `body` throws.
public func withKannel<T: Sendable>(smsService: String? = nil, _ body: (KannelRig) async throws -> T) async throws -> T {
    try await stopping(try await KannelRig.start(smsService: smsService), after: body)
}

/// A text fakesmsc received from bearerbox (an MT), or several concatenated parts joined.
public struct FakeSMSCMessage: Sendable, Hashable {
    public var from: String
    public var to: String
    /// fakesmsc's type: `text` (GSM, printed as is), `ucs-2`, `data` (8-bit), or `udh` (parts
    /// with a header; joined ones keep `udh`).
    public var kind: String
    /// The message data as bytes (UTF-8 for `text`, UTF-16BE for `ucs-2`).
    public var data: [UInt8]
    /// The user data header of a single part; empty for joined parts and plain texts.
    public var udh: [UInt8]
    /// How many SMS parts it came in.
    public var parts: Int

    /// The text: UTF-16BE for `ucs-2`, UTF-8 for `text` and `data`. Joined `udh` parts don't say
    /// their coding: UTF-16BE when a byte below 0x09 shows up (a UCS-2 high byte), else UTF-8.
    public var text: String {
        let isUTF16 = kind == "ucs-2" || (kind == "udh" && data.contains { $0 < 0x09 })
        guard isUTF16 else { return String(decoding: data, as: UTF8.self) }
        let units = stride(from: 0, to: data.count - 1, by: 2).map { UInt16(data[$0]) << 8 | UInt16(data[$0 + 1]) }
        return String(decoding: units, as: UTF16.self)
    }
}

/// What fakesmsc printed, and the texts read from it.
struct FakeSMSCOutput: Sendable {
    private(set) var lines: [String] = []
    private var received: [FakeSMSCMessage] = []

    mutating func read(_ line: String) {
        lines.append(line)
        if lines.count > 5000 { lines.removeFirst(1000) }
        if let message = Self.parse(line) { received.append(message) }
    }

    /// The received texts, concatenated parts (UDH information element 0 or 8) joined once all
    /// parts are in, at the place of the first part.
    var messages: [FakeSMSCMessage] {
        var result: [FakeSMSCMessage] = []
        var groups: [String: (index: Int, total: Int, parts: [Int: FakeSMSCMessage])] = [:]
        for message in received {
            guard let concat = Self.concatenation(message.udh) else {
                result.append(message)
                continue
            }
            let key = "\(message.from) \(message.to) \(concat.reference)"
            if groups[key] == nil {
                groups[key] = (result.count, concat.total, [:])
                result.append(message)
            }
            groups[key]!.parts[concat.sequence] = message
        }
        var incomplete = Set<Int>()
        for group in groups.values {
            guard group.parts.count == group.total, let first = group.parts[1] else {
                incomplete.insert(group.index)
                continue
            }
            let data = (1...group.total).flatMap { group.parts[$0]?.data ?? [] }
            result[group.index] = FakeSMSCMessage(from: first.from, to: first.to, kind: "udh", data: data, udh: [], parts: group.total)
        }
        return result.enumerated().filter { !incomplete.contains($0.offset) }.map(\.element)
    }

    /// `… Got message 3: <+15559998888 +15550001111 text hello>` → the text.
    static func parse(_ line: String) -> FakeSMSCMessage? {
        guard let got = line.range(of: "Got message "), let open = line[got.upperBound...].range(of: ": <"),
              line.hasSuffix(">") else { return nil }
        let content = line[open.upperBound..<line.index(before: line.endIndex)]
        let fields = content.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 3 else { return nil }
        let rest = fields.count > 3 ? fields[3] : ""
        switch fields[2] {
        case "text":
            return FakeSMSCMessage(from: fields[0], to: fields[1], kind: "text", data: Array(rest.utf8), udh: [], parts: 1)
        case "udh":
            // `udh <udh> data <data>`
            let pieces = rest.split(separator: " ", omittingEmptySubsequences: false)
            guard pieces.count == 3 else { return nil }
            return FakeSMSCMessage(from: fields[0], to: fields[1], kind: "udh", data: urlDecoded(pieces[2]), udh: urlDecoded(pieces[0]), parts: 1)
        default:
            return FakeSMSCMessage(from: fields[0], to: fields[1], kind: fields[2], data: urlDecoded(Substring(rest)), udh: [], parts: 1)
        }
    }

    /// Kannel's URL decoding: `+` is a space, `%XX` a byte.
    static func urlDecoded(_ text: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        let utf8 = Array(text.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
               let byte = UInt8(String(decoding: utf8[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 3
            } else {
                bytes.append(utf8[index] == UInt8(ascii: "+") ? UInt8(ascii: " ") : utf8[index])
                index += 1
            }
        }
        return bytes
    }

    /// The concatenation element of a UDH: (reference, total, sequence).
    static func concatenation(_ udh: [UInt8]) -> (reference: Int, total: Int, sequence: Int)? {
        guard udh.count > 1 else { return nil }
        var index = 1
        while index + 1 < udh.count {
            let id = udh[index], length = Int(udh[index + 1])
            let value = Array(udh[min(index + 2, udh.count)..<min(index + 2 + length, udh.count)])
            if id == 0x00, value.count == 3 { return (Int(value[0]), Int(value[1]), Int(value[2])) }
            if id == 0x08, value.count == 4 { return (Int(value[0]) << 8 | Int(value[1]), Int(value[2]), Int(value[3])) }
            index += 2 + length
        }
        return nil
    }
}

/// The rig's `kannel.conf`.
enum KannelRigConfig {
    static func text(rig: KannelRig, adminPassword: String, smsService: String?) -> String {
        let directory = rig.directory.path
        let service = smsService ?? """
            group = sms-service
            keyword = default
            catch-all = true
            text = "ok"
            max-messages = 0
            """
        return """
            group = core
            admin-port = \(rig.ports.admin)
            admin-interface = 127.0.0.1
            admin-password = \(adminPassword)
            status-password = \(adminPassword)
            admin-allow-ip = "127.0.0.1"
            smsbox-port = \(rig.ports.smsbox)
            box-deny-ip = "*.*.*.*"
            box-allow-ip = "127.0.0.1"
            log-file = "\(directory)/bearerbox.log"
            log-level = 0
            dlr-storage = internal

            group = smsc
            smsc = fake
            smsc-id = FAKE
            host = 127.0.0.1
            port = \(rig.ports.smsc)
            our-host = 127.0.0.1
            connect-allow-ip = "127.0.0.1"

            group = smsbox
            bearerbox-host = 127.0.0.1
            bearerbox-port = \(rig.ports.smsbox)
            sendsms-port = \(rig.ports.sendsms)
            sendsms-interface = 127.0.0.1
            mo-recode = true
            log-file = "\(directory)/smsbox.log"
            log-level = 0

            group = sendsms-user
            username = \(rig.username)
            password = \(rig.password)
            max-messages = \(KannelRig.maxMessages)
            concatenation = true

            \(service)

            """
    }
}
