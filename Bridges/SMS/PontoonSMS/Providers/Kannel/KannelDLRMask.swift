/// Which delivery reports Kannel sends to a text's `dlr-url` (its `dlr-mask`; each report's `%d`
/// is one of these bits).
public struct KannelDLRMask: OptionSet, Sendable, Hashable {
    public let rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// 1: on the recipient's handset.
    public static let delivered = KannelDLRMask(rawValue: 1)
    /// 2: the carrier gave up on it.
    public static let failed = KannelDLRMask(rawValue: 2)
    /// 4: buffered by the carrier, still trying (intermediate; noisy on some SMSCs).
    public static let buffered = KannelDLRMask(rawValue: 4)
    /// 8: accepted by the SMSC (Kannel's "ACK").
    public static let submitted = KannelDLRMask(rawValue: 8)
    /// 16: refused by the SMSC (Kannel's "NACK").
    public static let rejected = KannelDLRMask(rawValue: 16)

    /// Delivered, failed, submitted and rejected (27): every report that changes what the
    /// Matrix user sees; the intermediate "buffered" is left out.
    public static let standard: KannelDLRMask = [.delivered, .failed, .submitted, .rejected]
}
