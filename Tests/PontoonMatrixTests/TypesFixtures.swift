import Foundation
import PontoonMatrix

/// JSON helpers and Synapse-shaped fixtures shared by the Types* and Transaction* tests.
enum TypesFixture {
    /// Parses JSON text written in a test.
    static func json(_ text: String) throws -> JSONValue {
        try JSONValue(parsing: text)
    }

    /// Decodes a room event from JSON text.
    static func event(_ text: String) throws -> ClientEvent {
        try ClientEvent(json: try json(text))
    }

    /// A message event as Synapse 1.163 pushes it: legacy `user_id` and `age`, `unsigned.age`.
    static let textMessage = """
        {"type":"m.room.message","room_id":"!d-8yWOXRmHHgsdFFJ28XGvmBZMEJhh2OhEDSL1U_v4c",
         "sender":"@alice:localhost","user_id":"@alice:localhost",
         "event_id":"$Wb2PiGd2vJ8RAjk6XG0qVY3kBsVTOJH6zcBNUO8V1Mg","origin_server_ts":1732269000123,
         "age":57,"unsigned":{"age":57},
         "content":{"msgtype":"m.text","body":"hello **bridge**","format":"org.matrix.custom.html",
                    "formatted_body":"hello <strong>bridge</strong>","m.mentions":{"user_ids":["@dummy_ghost:localhost"]}}}
        """

    /// An invite as Synapse pushes it: `invite_room_state` both top-level and in `unsigned`.
    static let invite = """
        {"type":"m.room.member","room_id":"!d-8yWOXRmHHgsdFFJ28XGvmBZMEJhh2OhEDSL1U_v4c",
         "sender":"@alice:localhost","user_id":"@alice:localhost","state_key":"@dummy_ghost:localhost",
         "event_id":"$inv1","origin_server_ts":1732269000000,"age":12,
         "content":{"membership":"invite","displayname":"Dummy Ghost","is_direct":true},
         "invite_room_state":[{"type":"m.room.name","state_key":"","sender":"@alice:localhost","content":{"name":"Portal"}}],
         "unsigned":{"age":12,"invite_room_state":[{"type":"m.room.name","state_key":"","sender":"@alice:localhost","content":{"name":"Portal"}}]}}
        """

    /// A redaction as Synapse pushes it in room version 11+: `redacts` top-level and in `content`.
    static let redaction = """
        {"type":"m.room.redaction","room_id":"!d-8yWOXRmHHgsdFFJ28XGvmBZMEJhh2OhEDSL1U_v4c",
         "sender":"@alice:localhost","user_id":"@alice:localhost","event_id":"$red1",
         "origin_server_ts":1732269000500,"redacts":"$Wb2PiGd2vJ8RAjk6XG0qVY3kBsVTOJH6zcBNUO8V1Mg",
         "content":{"redacts":"$Wb2PiGd2vJ8RAjk6XG0qVY3kBsVTOJH6zcBNUO8V1Mg","reason":"spam"},
         "unsigned":{"age":3},"age":3}
        """

    /// The transaction of reference §3.3, verbatim apart from the elided members.
    static let e2eeTransaction = """
        {
         "events": [],
         "ephemeral": [], "de.sorunome.msc2409.ephemeral": [],
         "de.sorunome.msc2409.to_device": [
           {"type":"m.room.encrypted","sender":"@alice:localhost",
            "to_user_id":"@dummy_ghost:localhost","to_device_id":"GHOSTDEV",
            "content":{"algorithm":"m.olm.v1.curve25519-aes-sha2",
                       "sender_key":"jrdcbkAX",
                       "ciphertext":{"recipientcurve25519key":{"type":0,"body":"AwogNuRW"}}}}],
         "org.matrix.msc3202.device_one_time_key_counts": {"@dummy_ghost:localhost":{"GHOSTDEV":{"signed_curve25519":4}},
                                                           "@dummybot:localhost":{"BOTDEV":{}}},
         "org.matrix.msc3202.device_one_time_keys_count": {"@dummy_ghost:localhost":{"GHOSTDEV":{"signed_curve25519":4}},
                                                           "@dummybot:localhost":{"BOTDEV":{}}},
         "org.matrix.msc3202.device_unused_fallback_key_types": {"@dummy_ghost:localhost":{"GHOSTDEV":["signed_curve25519"]},
                                                                 "@dummybot:localhost":{"BOTDEV":[]}},
         "org.matrix.msc3202.device_lists": {"changed":["@dummy_ghost:localhost"],"left":[]}
        }
        """
}
