import COlm
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Shared plumbing for calling libolm: the error sentinel, buffers that libolm may overwrite,
/// random bytes that are wiped after use.
enum OlmCall {
    /// libolm's `size_t` failure value (`(size_t)-1`), read once.
    static let errorValue: Int = olm_error()

    /// Fails with the object's last error when `result` is libolm's error sentinel.
    @inline(__always)
    static func check(_ result: Int, _ operation: String, lastError: () -> UnsafePointer<CChar>?) throws(OlmError) -> Int {
        guard result != errorValue else {
            let name = lastError().map { String(cString: $0) } ?? "UNKNOWN_ERROR"
            throw OlmError(code: .init(rawValue: name), operation: operation)
        }
        return result
    }

    /// A private, writable copy of `text` for the calls that overwrite their input (decrypt,
    /// create-inbound, matches-inbound, unpickle, import). One spare byte keeps the base address
    /// valid even for empty input; libolm is given the true length.
    static func scratchCopy(of text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        bytes.append(0)
        return bytes
    }

    /// Runs `body` with `count` bytes from the system CSPRNG (libolm has no RNG of its own) and
    /// wipes them afterwards, whatever `body` does.
    static func withRandom<R>(_ count: Int, _ body: (UnsafeMutableRawPointer, Int) -> R) -> R {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        defer {
            secureZero(buffer)
            buffer.deallocate()
        }
        var generator = SystemRandomNumberGenerator()
        var offset = 0
        while offset < count {
            var word = generator.next() as UInt64
            let n = min(8, count - offset)
            withUnsafeBytes(of: &word) { buffer.baseAddress!.advanced(by: offset).copyMemory(from: $0.baseAddress!, byteCount: n) }
            word = 0
            offset += n
        }
        return body(buffer.baseAddress!, count)
    }

    /// Zeroes memory in a way the optimiser may not remove.
    static func secureZero(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(Glibc)
        explicit_bzero(base, buffer.count)
        #else
        _ = memset_s(base, buffer.count, 0, buffer.count)
        #endif
    }

    /// Zeroes an array's storage (keys, plaintexts) before it is released.
    static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { secureZero($0) }
    }

    /// Reads a libolm text output (ids, keys, JSON, ciphertext) of at most `length` bytes.
    static func readText(length: Int, _ body: (UnsafeMutableRawPointer) -> Int) -> (Int, String) {
        var output = [UInt8](repeating: 0, count: max(length, 1))
        let result = output.withUnsafeMutableBytes { body($0.baseAddress!) }
        guard result != errorValue, result <= length else { return (result, "") }
        return (result, String(decoding: output[..<result], as: UTF8.self))
    }
}

/// Caller-allocated memory for one libolm object, sized by `olm_X_size()`.
final class OlmMemory {
    let raw: UnsafeMutableRawPointer
    let size: Int

    init(size: Int) {
        self.size = size
        raw = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: size)
    }

    deinit {
        OlmCall.secureZero(UnsafeMutableRawBufferPointer(start: raw, count: size))
        raw.deallocate()
    }
}
