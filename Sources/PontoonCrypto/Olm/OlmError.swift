import COlm

/// A failure reported by libolm, carrying its error name (`BAD_MESSAGE_MAC`, `UNKNOWN_MESSAGE_INDEX`,
/// `BAD_ACCOUNT_KEY`, …) and the call that failed.
public struct OlmError: Error, Sendable, Hashable, CustomStringConvertible {
    /// libolm's name for the error, as `olm_*_last_error()` spells it.
    public let code: Code
    /// The libolm function that failed, e.g. `olm_decrypt`.
    public let operation: String

    public init(code: Code, operation: String) {
        self.code = code
        self.operation = operation
    }

    public var description: String { "\(operation) failed: \(code.rawValue)" }

    /// libolm's error names; an open set so a newer libolm's names still come through.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let notEnoughRandom = Code(rawValue: "NOT_ENOUGH_RANDOM")
        public static let outputBufferTooSmall = Code(rawValue: "OUTPUT_BUFFER_TOO_SMALL")
        public static let badMessageVersion = Code(rawValue: "BAD_MESSAGE_VERSION")
        public static let badMessageFormat = Code(rawValue: "BAD_MESSAGE_FORMAT")
        public static let badMessageMAC = Code(rawValue: "BAD_MESSAGE_MAC")
        public static let badMessageKeyID = Code(rawValue: "BAD_MESSAGE_KEY_ID")
        public static let invalidBase64 = Code(rawValue: "INVALID_BASE64")
        public static let badAccountKey = Code(rawValue: "BAD_ACCOUNT_KEY")
        public static let unknownPickleVersion = Code(rawValue: "UNKNOWN_PICKLE_VERSION")
        public static let corruptedPickle = Code(rawValue: "CORRUPTED_PICKLE")
        public static let badSessionKey = Code(rawValue: "BAD_SESSION_KEY")
        public static let unknownMessageIndex = Code(rawValue: "UNKNOWN_MESSAGE_INDEX")
        public static let badSignature = Code(rawValue: "BAD_SIGNATURE")
        public static let inputBufferTooSmall = Code(rawValue: "INPUT_BUFFER_TOO_SMALL")
        public static let pickleExtraData = Code(rawValue: "PICKLE_EXTRA_DATA")
    }
}
