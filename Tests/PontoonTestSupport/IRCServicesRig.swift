import Foundation
import Glibc
import Synchronization

/// InspIRCd with TLS and its SASL modules, linked to Atheme services (NickServ, SaslServ): the
/// real path for SASL PLAIN and EXTERNAL (CertFP), which needs services behind the server.
public final class IRCServicesRig: StoppableRig {
    /// Plain-text client port.
    public let port: Int
    /// TLS client port (self-signed certificate; clients must not verify it).
    public let tlsPort: Int
    public let directory: URL
    private let processes: Mutex<[ChildProcess]>

    private init(port: Int, tlsPort: Int, directory: URL, processes: [ChildProcess]) {
        self.port = port
        self.tlsPort = tlsPort
        self.directory = directory
        self.processes = Mutex(processes)
    }

    static let atheme = "/usr/bin/atheme-services"
    static let openssl = "/usr/bin/openssl"

    /// Whether InspIRCd, Atheme and openssl (for the server certificate) are installed.
    public static var isInstalled: Bool {
        [IRCServerRig.Kind.inspircd.executable, atheme, openssl].allSatisfy(FileManager.default.isExecutableFile(atPath:))
    }

    /// Starts InspIRCd, then Atheme, and waits until the services finished linking.
    public static func start() async throws -> IRCServicesRig {
        guard isInstalled else { throw RigError.missing("inspircd, atheme-services or openssl: run scripts/test.sh (it installs them)") }
        let directory = try RepositoryPaths.scratchDirectory("services")
        let (port, tlsPort, linkPort) = (try FreePort.find(), try FreePort.find(), try FreePort.find())
        try await makeServerCertificate(in: directory)
        try inspircdConfig(port: port, tlsPort: tlsPort, linkPort: linkPort, directory: directory)
            .write(to: directory.appendingPathComponent("inspircd.conf"), atomically: true, encoding: .utf8)
        try "Pontoon services test server\n".write(to: directory.appendingPathComponent("motd.txt"), atomically: true, encoding: .utf8)
        try athemeConfig(linkPort: linkPort)
            .write(to: directory.appendingPathComponent("atheme.conf"), atomically: true, encoding: .utf8)

        var arguments = ["--config", directory.appendingPathComponent("inspircd.conf").path, "--nofork", "--nopid"]
        if getuid() == 0 { arguments.append("--runasroot") }
        let ircd = try ChildProcess(executable: URL(fileURLWithPath: IRCServerRig.Kind.inspircd.executable), arguments: arguments,
                                    stderrTo: directory.appendingPathComponent("inspircd.err"))
        let rig = IRCServicesRig(port: port, tlsPort: tlsPort, directory: directory, processes: [ircd])
        do {
            try await rig.waitUntil("InspIRCd listening") { FreePort.isListening(port) && FreePort.isListening(linkPort) }
            let services = try ChildProcess(
                executable: URL(fileURLWithPath: atheme),
                arguments: ["-n", "-c", directory.appendingPathComponent("atheme.conf").path,
                            "-l", directory.appendingPathComponent("atheme.log").path,
                            "-p", directory.appendingPathComponent("atheme.pid").path, "-D", directory.path],
                stderrTo: directory.appendingPathComponent("atheme.err"))
            rig.processes.withLock { $0.append(services) }
            let log = directory.appendingPathComponent("atheme.log")
            try await rig.waitUntil("Atheme linked to InspIRCd") {
                ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("finished synching with uplink")
            }
        } catch {
            await rig.stop()
            throw error
        }
        return rig
    }

    /// Registers `account` with NickServ (it is also the nick used to register).
    public func register(account: String, password: String) async throws {
        let client = try await RawIRCClient.connect(port: port, nick: account)
        try await client.send("PRIVMSG NickServ :REGISTER \(password) \(account)@pontoon.invalid")
        _ = try await client.waitForLine { $0.contains("NOTICE \(account) :") && $0.contains("is now registered") }
        try await client.send("QUIT")
        await client.close()
    }

    public func stop() async {
        let running = processes.withLock { processes -> [ChildProcess] in
            defer { processes = [] }
            return processes
        }
        for process in running.reversed() { await process.stop(timeout: .seconds(5)) }
    }

    private func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while !condition() {
            guard ContinuousClock.now < deadline else {
                let log = (try? String(contentsOf: directory.appendingPathComponent("atheme.log"), encoding: .utf8)) ?? ""
                throw RigError.timeout("\(what); atheme.log ends: \(log.suffix(1500))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    private static func makeServerCertificate(in directory: URL) async throws {
        let openssl = try ChildProcess(
            executable: URL(fileURLWithPath: openssl),
            arguments: ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                        "-subj", "/CN=irc-services.pontoon.test",
                        "-keyout", directory.appendingPathComponent("server.key").path,
                        "-out", directory.appendingPathComponent("server.crt").path],
            stderrTo: directory.appendingPathComponent("openssl.err"))
        await openssl.waitForExit(timeout: .seconds(30))
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("server.crt").path) else {
            throw RigError.failed("openssl made no server certificate: " + ((try? String(contentsOf: directory.appendingPathComponent("openssl.err"), encoding: .utf8)) ?? ""))
        }
    }

    /// InspIRCd 3 with a TLS listener that asks for client certificates (CertFP as SHA-256), the
    /// services link, and SASL handed to the services.
    private static func inspircdConfig(port: Int, tlsPort: Int, linkPort: Int, directory: URL) -> String {
        let modules = ["cap", "ircv3", "ircv3_accounttag", "ircv3_echomessage", "ircv3_servertime", "ircv3_msgid",
                       "spanningtree", "services_account", "sasl", "ssl_gnutls", "sslinfo"]
        return """
        <config format="xml">
        <server name="irc-services.pontoon.test" description="Pontoon services test server" network="PontoonTest" id="00B">
        <admin name="Pontoon" nick="pontoon" email="dev@pontoon.invalid">
        <bind address="127.0.0.1" port="\(port)" type="clients">
        <bind address="127.0.0.1" port="\(tlsPort)" type="clients" sslprofile="tls">
        <bind address="127.0.0.1" port="\(linkPort)" type="servers">
        <sslprofile name="tls" provider="gnutls" certfile="\(directory.path)/server.crt" keyfile="\(directory.path)/server.key" hash="sha256" requestclientcert="yes">
        <link name="services.pontoon.test" ipaddr="127.0.0.1" port="\(linkPort)" allowmask="127.0.0.1" sendpass="linkpass" recvpass="linkpass">
        <uline server="services.pontoon.test" silent="yes">
        <sasl target="services.pontoon.test" requiressl="no">
        <connect allow="127.0.0.1" name="main" maxchans="100" timeout="20" pingfreq="120" hardsendq="1048576" softsendq="65536" recvq="65536" threshold="1000" commandrate="100000" fakelag="off" localmax="1000" globalmax="1000" useident="no" resolvehostnames="no" limit="5000">
        <options prefixquit="Quit: " defaultmodes="not">
        <performance quietbursts="yes" softlimit="5000" somaxconn="128" clonesonconnect="no" timeskipwarn="0">
        <log method="file" type="* -USERINPUT -USEROUTPUT" level="default" target="\(directory.path)/inspircd.log">
        <files motd="\(directory.path)/motd.txt">
        <dns timeout="1">
        \(modules.map { "<module name=\"\($0)\">" }.joined(separator: "\n"))

        """
    }

    /// Atheme with NickServ (register, identify, cert) and SaslServ (PLAIN, EXTERNAL); no e-mail
    /// verification, so an account works as soon as it is registered.
    private static func athemeConfig(linkPort: Int) -> String {
        let modules = ["protocol/inspircd", "backend/opensex", "crypto/pbkdf2v2", "nickserv/main", "nickserv/register",
                       "nickserv/identify", "nickserv/cert", "saslserv/main", "saslserv/plain", "saslserv/external"]
        return """
        \(modules.map { "loadmodule \"modules/\($0)\";" }.joined(separator: "\n"))
        serverinfo {
          name = "services.pontoon.test"; desc = "Pontoon test services"; numeric = "00A"; recontime = 1;
          netname = "PontoonTest"; hidehostsuffix = "users.pontoon.test"; adminname = "pontoon";
          adminemail = "dev@pontoon.invalid"; registeremail = "noreply@pontoon.invalid"; auth = none;
          loglevel = { all; }; maxlogins = 10; maxusers = 10; maxchans = 10; mdlimit = 30;
          emaillimit = 100; emailtime = 300; casemapping = rfc1459;
        };
        uplink "irc-services.pontoon.test" {
          host = "127.0.0.1"; port = \(linkPort); send_password = "linkpass"; receive_password = "linkpass";
        };
        nickserv { nick = "NickServ"; user = "NickServ"; host = "services.pontoon.test"; real = "Nickname Services"; };
        saslserv { nick = "SaslServ"; user = "SaslServ"; host = "services.pontoon.test"; real = "SASL Agent"; };
        general { maxcertfp = 5; commit_interval = 5; };

        """
    }
}

/// Runs `body` with fresh InspIRCd + Atheme services and stops them afterwards, also when `body` throws.
public func withIRCServices<T: Sendable>(_ body: (IRCServicesRig) async throws -> T) async throws -> T {
    return try await stopping(try await IRCServicesRig.start(), after: body)
}
