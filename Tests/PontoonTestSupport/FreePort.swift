import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Finds a free TCP port on 127.0.0.1 for a server a test starts (Synapse, a bridge).
///
/// Ports come from 20000–32767, below Linux's ephemeral range (32768–60999): a port the kernel
/// picked could be handed out again to any outgoing connection the moment a killed bridge lets go
/// of it, and the restarted bridge would then fail to listen. A port is never handed out twice in
/// one test process, so tests running side by side don't get the same one.
public enum FreePort {
    private static let handedOut = Mutex<Set<Int>>([])

    public static func find() throws -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: 20000...32767)
            guard handedOut.withLock({ $0.insert(port).inserted }) else { continue }
            if canBind(port) { return port }
        }
        throw RigError.failed("no free port in 20000-32767")
    }

    /// Whether a server accepts connections on 127.0.0.1:`port`.
    public static func isListening(_ port: Int) -> Bool {
        withLoopbackSocket(port) { connect($0, $1, $2) == 0 }
    }

    private static func canBind(_ port: Int) -> Bool {
        withLoopbackSocket(port) { bind($0, $1, $2) == 0 }
    }

    /// Runs `body` with a fresh TCP socket and the address 127.0.0.1:`port`; closes the socket after.
    private static func withLoopbackSocket(_ port: Int, _ body: (Int32, UnsafePointer<sockaddr>, socklen_t) -> Bool) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }
}
