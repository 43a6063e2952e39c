import Foundation
import PontoonMatrix
import Testing

/// Every content type, decoded from a complete sample with an unknown member, re-encodes to the same JSON.
@Suite struct ContentRoundTripTests {
    static let unknown = #""com.example.unknown":{"kept":[1,"two",null]}"#

    static let samples: [(String, String)] = [
        ("MessageContent", #"{"msgtype":"m.text","body":"b","format":"org.matrix.custom.html","formatted_body":"<b>b</b>","m.mentions":{"user_ids":["@a:b"],"room":true},"m.relates_to":{"rel_type":"m.thread","event_id":"$r","is_falling_back":true,"m.in_reply_to":{"event_id":"$r"}},\#(unknown)}"#),
        ("ReactionContent", #"{"m.relates_to":{"rel_type":"m.annotation","event_id":"$e","key":"k"},\#(unknown)}"#),
        ("RedactionContent", #"{"redacts":"$e","reason":"r",\#(unknown)}"#),
        ("MemberContent", #"{"membership":"join","displayname":"D","avatar_url":"mxc://a/b","is_direct":false,"reason":"r",\#(unknown)}"#),
        ("RoomNameContent", #"{"name":"N",\#(unknown)}"#),
        ("RoomTopicContent", #"{"topic":"T",\#(unknown)}"#),
        ("RoomAvatarContent", #"{"url":"mxc://a/b","info":{"mimetype":"image/png","size":1,"w":2,"h":3},\#(unknown)}"#),
        ("PowerLevelsContent", #"{"users":{"@a:b":100},"users_default":0,"events":{"m.room.name":50},"events_default":0,"state_default":50,"ban":50,"kick":50,"redact":50,"invite":0,"notifications":{"room":50},\#(unknown)}"#),
        ("EncryptionContent", #"{"algorithm":"m.megolm.v1.aes-sha2","rotation_period_ms":604800000,"rotation_period_msgs":100,\#(unknown)}"#),
        ("EncryptedContent", #"{"algorithm":"m.megolm.v1.aes-sha2","ciphertext":"c","sender_key":"s","device_id":"D","session_id":"S",\#(unknown)}"#),
        ("CreateContent", #"{"room_version":"12","type":"m.space","additional_creators":["@a:b"],\#(unknown)}"#),
        ("BridgeInfoContent", ##"{"bridgebot":"@bot:b","creator":"@a:b","protocol":{"id":"irc","displayname":"IRC","com.example.p":1},"network":{"id":"libera"},"channel":{"id":"#c","external_url":"https://x"},\##(unknown)}"##),
        ("TypingContent", #"{"user_ids":["@a:b"],\#(unknown)}"#),
        ("PresenceContent", #"{"presence":"online","last_active_ago":5,"status_msg":"s","currently_active":true,\#(unknown)}"#),
        ("Receipt", #"{"ts":1,"thread_id":"main",\#(unknown)}"#),
        ("EncryptedFile", #"{"url":"mxc://a/b","key":{"kty":"oct","key_ops":["encrypt","decrypt"],"alg":"A256CTR","k":"k","ext":true},"iv":"i","hashes":{"sha256":"h"},"v":"v2",\#(unknown)}"#),
    ]

    private static func reencode(_ typeName: String, _ json: JSONValue) throws -> JSONValue {
        switch typeName {
        case "MessageContent": try MessageContent(json: json).json
        case "ReactionContent": try ReactionContent(json: json).json
        case "RedactionContent": try RedactionContent(json: json).json
        case "MemberContent": try MemberContent(json: json).json
        case "RoomNameContent": try RoomNameContent(json: json).json
        case "RoomTopicContent": try RoomTopicContent(json: json).json
        case "RoomAvatarContent": try RoomAvatarContent(json: json).json
        case "PowerLevelsContent": try PowerLevelsContent(json: json).json
        case "EncryptionContent": try EncryptionContent(json: json).json
        case "EncryptedContent": try EncryptedContent(json: json).json
        case "CreateContent": try CreateContent(json: json).json
        case "BridgeInfoContent": try BridgeInfoContent(json: json).json
        case "TypingContent": try TypingContent(json: json).json
        case "PresenceContent": try PresenceContent(json: json).json
        case "Receipt": try Receipt(json: json).json
        case "EncryptedFile": try EncryptedFile(json: json).json
        default: throw ContentDecodingError(path: "", reason: "no sample decoder for \(typeName)")
        }
    }

    @Test(arguments: samples)
    func decodeThenEncodeKeepsEveryMember(typeName: String, text: String) throws {
        let json = try JSONValue(parsing: text)
        #expect(try Self.reencode(typeName, json) == json)
    }

    @Test func codableRoundTripKeepsUnknownMembers() throws {
        let json = try JSONValue(parsing: Self.samples[0].1)
        let content = try MessageContent(json: json)
        let decoded = try JSONDecoder().decode(MessageContent.self, from: JSONEncoder().encode(content))
        #expect(decoded == content)
        #expect(decoded.extra["com.example.unknown"] == ["kept": [1, "two", nil]])
    }

    @Test func codableDecodingReportsTheContentError() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(MessageContent.self, from: Data(#"{"msgtype":"m.text"}"#.utf8))
        }
    }

    @Test func identifierKeyedDictionariesEncodeAsJSONObjects() throws {
        let counts: [UserID: [String: Int]] = ["@a:b": ["D": 1]]
        let data = try JSONEncoder().encode(counts)
        #expect(try JSONValue(parsing: data) == ["@a:b": ["D": 1]])
        #expect(try JSONDecoder().decode([UserID: [String: Int]].self, from: data) == counts)
    }
}
