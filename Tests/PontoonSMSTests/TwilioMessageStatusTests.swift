@testable import PontoonSMS
import Testing

@Suite("Twilio message statuses")
struct TwilioMessageStatusTests {
    @Test func everyOutboundStatusHasAState() {
        for status in ["queued", "accepted", "scheduled", "sending"] {
            #expect(TwilioMessageStatus.deliveryState(status, errorCode: nil) == .queued, "\(status)")
        }
        #expect(TwilioMessageStatus.deliveryState("sent", errorCode: nil) == .sent)
        #expect(TwilioMessageStatus.deliveryState("DELIVERED", errorCode: nil) == .delivered)
        #expect(TwilioMessageStatus.deliveryState("read", errorCode: nil) == .delivered)
        #expect(TwilioMessageStatus.deliveryState("undelivered", errorCode: 30007) == .failed(reason: "The carrier filtered the text as spam"))
        #expect(TwilioMessageStatus.deliveryState("canceled", errorCode: nil) == .failed(reason: "The scheduled text was canceled"))
    }

    @Test func inboundStatusesAreNotDeliveryStates() {
        #expect(TwilioMessageStatus.deliveryState("receiving", errorCode: nil) == nil)
        #expect(TwilioMessageStatus.deliveryState("received", errorCode: nil) == nil)
        #expect(TwilioMessageStatus.isInbound("received"))
        #expect(!TwilioMessageStatus.isInbound("sent"))
    }

    @Test func commonErrorCodesHaveReasons() {
        for code in [30001, 30002, 30003, 30004, 30005, 30006, 30007, 30008, 21610, 21211, 21408, 21612, 21614] {
            #expect(!TwilioErrorCodes.reason(for: code).hasPrefix("Twilio error"), "\(code)")
        }
        #expect(TwilioErrorCodes.reason(for: 99999) == "Twilio error 99999")
    }
}
