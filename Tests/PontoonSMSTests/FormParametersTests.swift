@testable import PontoonSMS
import Testing

@Suite("Form parameters")
struct FormParametersTests {
    @Test func decodesPlusAsSpaceAndPercentEscapes() {
        let form = FormParameters(parsing: "from=%2B15550001111&text=hello+inbound+MO&e=%F0%9F%98%80")
        #expect(form["from"] == "+15550001111")
        #expect(form["text"] == "hello inbound MO")
        #expect(form["e"] == "😀")
    }

    @Test func keepsDuplicatesInOrder() {
        let form = FormParameters(parsing: "Digits=5678&Digits=1234&x")
        #expect(form.values(of: "Digits") == ["5678", "1234"])
        #expect(form["x"] == "")
    }

    @Test func hostileEscapesNeitherCrashNorVanish() {
        let form = FormParameters(parsing: "a=%&b=%4&c=%zz&d=%C3%28&&=&==x")
        #expect(form["a"] == "%")
        #expect(form["b"] == "%4")
        #expect(form["c"] == "%zz")
        #expect(form["d"] == "\u{FFFD}(")
    }

    @Test func encodesWhatItDecodes() {
        var form = FormParameters()
        form.append("Body", "hi & bye +1 😀")
        form.append("To", "+15551234567")
        #expect(FormParameters(parsing: form.encoded) == form)
        #expect(form.encoded == "Body=hi+%26+bye+%2B1+%F0%9F%98%80&To=%2B15551234567")
    }
}
