import Foundation
import Synchronization

/// A real IRC server on a free loopback port, for the IRC bridge's end-to-end tests:
/// **ngircd** for the plain RFC path and **InspIRCd** with its IRCv3 modules for the IRCv3 path
/// (both from Debian; `scripts/test.sh` installs them).
///
/// Use ``withIRCServer(_:_:)`` so the server stops on every path. ``restart()`` keeps the port,
/// for reconnect tests.
public final class IRCServerRig: StoppableRig {
    public enum Kind: String, Sendable, CaseIterable {
        case ngircd, inspircd

        var executable: String { self == .ngircd ? "/usr/sbin/ngircd" : "/usr/sbin/inspircd" }
    }

    public let kind: Kind
    public let port: Int
    public let directory: URL
    /// The server password clients must send (ngircd only), if any.
    public let password: String?
    private let process: Mutex<ChildProcess?>

    /// The server name the server announces.
    public var serverName: String { kind == .ngircd ? "irc.pontoon.test" : "irc3.pontoon.test" }

    private init(kind: Kind, port: Int, directory: URL, password: String?, process: ChildProcess) {
        self.kind = kind
        self.port = port
        self.directory = directory
        self.password = password
        self.process = Mutex(process)
    }

    /// Starts a server of `kind` and waits until it accepts connections; with `password` (ngircd
    /// only) clients must send it with PASS.
    public static func start(_ kind: Kind, password: String? = nil) async throws -> IRCServerRig {
        guard RigAvailability.hasIRCServer(kind) else {
            throw RigError.missing("\(kind.executable): run scripts/test.sh (it installs ngircd and inspircd)")
        }
        let directory = try RepositoryPaths.scratchDirectory(kind.rawValue)
        let port = try FreePort.find()
        let process = try launch(kind, port: port, directory: directory, password: password)
        let rig = IRCServerRig(kind: kind, port: port, directory: directory, password: password, process: process)
        try await rig.waitUntilListening()
        return rig
    }

    /// Stops the server (its clients see the connection drop).
    public func stop() async {
        let running = process.withLock { process -> ChildProcess? in
            defer { process = nil }
            return process
        }
        await running?.stop(timeout: .seconds(5))
        // Wait until the port is free again, so a restart can bind it.
        let deadline = ContinuousClock.now + .seconds(10)
        while FreePort.isListening(port), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Starts the server again on the same port (after ``stop()``).
    public func restart() async throws {
        let started = try Self.launch(kind, port: port, directory: directory, password: password)
        process.withLock { $0 = started }
        try await waitUntilListening()
    }

    /// The server's log, for failure messages.
    public func log() -> String {
        let file = directory.appendingPathComponent(kind == .ngircd ? "server.err" : "inspircd.log")
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }

    private func waitUntilListening() async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while !FreePort.isListening(port) {
            guard ContinuousClock.now < deadline else {
                await stop()
                throw RigError.failed("\(kind.rawValue) did not listen on \(port):\n\(log().suffix(2000))")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    private static func launch(_ kind: Kind, port: Int, directory: URL, password: String?) throws -> ChildProcess {
        switch kind {
        case .ngircd:
            let config = directory.appendingPathComponent("ngircd.conf")
            try ngircdConfig(port: port, directory: directory, password: password).write(to: config, atomically: true, encoding: .utf8)
            return try ChildProcess(executable: URL(fileURLWithPath: kind.executable),
                                    arguments: ["-n", "-f", config.path],
                                    stderrTo: directory.appendingPathComponent("server.err"))
        case .inspircd:
            let config = directory.appendingPathComponent("inspircd.conf")
            try inspircdConfig(port: port, directory: directory).write(to: config, atomically: true, encoding: .utf8)
            try "Pontoon test server\n".write(to: directory.appendingPathComponent("motd.txt"), atomically: true, encoding: .utf8)
            var arguments = ["--config", config.path, "--nofork", "--nopid"]
            if getuid() == 0 { arguments.append("--runasroot") }
            return try ChildProcess(executable: URL(fileURLWithPath: kind.executable), arguments: arguments,
                                    stderrTo: directory.appendingPathComponent("server.err"))
        }
    }

    /// ngircd with no flood penalty worth speaking of, no DNS or ident lookups (they stall
    /// registration offline), and long nicks.
    private static func ngircdConfig(port: Int, directory: URL, password: String?) -> String {
        """
        [Global]
        Name = irc.pontoon.test
        Password = \(password ?? "")
        Info = Pontoon test server
        Listen = 127.0.0.1
        Ports = \(port)
        MotdPhrase = Pontoon test server
        PidFile = \(directory.path)/ngircd.pid
        [Limits]
        MaxConnectionsIP = 0
        MaxJoins = 0
        MaxNickLength = 30
        PingTimeout = 120
        PongTimeout = 20
        [Options]
        DNS = no
        Ident = no
        PAM = no
        """
    }

    /// InspIRCd 3 with the IRCv3 modules Debian ships, no fake lag and generous rate limits.
    private static func inspircdConfig(port: Int, directory: URL) -> String {
        let modules = ["cap", "ircv3", "ircv3_accounttag", "ircv3_batch", "ircv3_capnotify", "ircv3_chghost",
                       "ircv3_ctctags", "ircv3_echomessage", "ircv3_invitenotify", "ircv3_labeledresponse",
                       "ircv3_msgid", "ircv3_servertime", "namesx", "uhnames", "chghost", "botmode"]
        return """
        <config format="xml">
        <server name="irc3.pontoon.test" description="Pontoon IRCv3 test server" network="PontoonTest">
        <admin name="Pontoon" nick="pontoon" email="dev@pontoon.invalid">
        <bind address="127.0.0.1" port="\(port)" type="clients">
        <connect allow="127.0.0.1" name="main" maxchans="100" timeout="20" pingfreq="120" hardsendq="1048576" softsendq="65536" recvq="65536" threshold="1000" commandrate="100000" fakelag="off" localmax="1000" globalmax="1000" useident="no" resolvehostnames="no" limit="5000">
        <options prefixquit="Quit: " allowhalfop="yes" defaultmodes="not">
        <security hidesplits="no" maxtargets="20">
        <performance quietbursts="yes" softlimit="5000" somaxconn="128" clonesonconnect="no" timeskipwarn="0">
        <limits maxnick="30" maxchan="64" maxmodes="20" maxident="10" maxhost="64" maxquit="255" maxtopic="307" maxkick="255" maxreal="128" maxaway="200">
        <log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="\(directory.path)/inspircd.log">
        <files motd="\(directory.path)/motd.txt">
        <dns timeout="1">
        \(modules.map { "<module name=\"\($0)\">" }.joined(separator: "\n"))

        """
    }
}

/// Runs `body` with a fresh IRC server of `kind` and stops it afterwards, also when `body` throws.
public func withIRCServer<T: Sendable>(_ kind: IRCServerRig.Kind, password: String? = nil,
                                       _ body: (IRCServerRig) async throws -> T) async throws -> T {
    return try await stopping(try await IRCServerRig.start(kind, password: password), after: body)
}
