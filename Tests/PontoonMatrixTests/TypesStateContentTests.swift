import PontoonMatrix
import Testing

@Suite struct StateContentTests {
    @Test func inviteWithStrippedStateDecodes() throws {
        let event = try TypesFixture.event(TypesFixture.invite)
        #expect(event.stateKey == "@dummy_ghost:localhost")
        #expect(event.isState)
        guard case .member(let member) = event.typedContent else {
            Issue.record("expected a member event, got \(event.typedContent)")
            return
        }
        #expect(member.membership == .invite)
        #expect(member.displayname == "Dummy Ghost")
        #expect(member.isDirect == true)
        #expect(event.raw["invite_room_state"]?.arrayValue?.count == 1)
        #expect(event.unsigned?["invite_room_state"]?.arrayValue?.count == 1)
    }

    @Test func everyMembershipMapsToItsCase() throws {
        for (raw, membership) in [("join", Membership.join), ("invite", .invite), ("leave", .leave), ("ban", .ban), ("knock", .knock)] {
            let content = try MemberContent(json: ["membership": .string(raw)])
            #expect(content.membership == membership)
        }
        #expect(try MemberContent(json: ["membership": "org.example.x"]).membership == .other("org.example.x"))
    }

    @Test func memberWithEmptyAvatarAndNullDisplaynameDecodes() throws {
        let json = try TypesFixture.json(#"{"membership":"join","avatar_url":"","displayname":null,"reason":"hi"}"#)
        let member = try MemberContent(json: json)
        #expect(member.avatarURL == nil)
        #expect(member.displayname == nil)
        #expect(member.reason == "hi")
        #expect(member.json == json)
    }

    @Test func memberWithoutMembershipIsUnknownWithReason() throws {
        let event = try TypesFixture.event(#"{"type":"m.room.member","state_key":"@a:b","content":{"displayname":"x"}}"#)
        let (content, failure) = event.decodeTypedContent()
        #expect(content == .unknown(type: "m.room.member", content: ["displayname": "x"]))
        #expect(failure?.path == "membership")
    }

    @Test func nameTopicAndAvatarDecode() throws {
        #expect(try RoomNameContent(json: ["name": "Portal"]).name == "Portal")
        #expect(try RoomNameContent(json: [:]).name == nil)
        let topic = try RoomTopicContent(json: ["topic": "About", "m.topic": [["body": "About"]]])
        #expect(topic.topic == "About")
        #expect(topic.json["m.topic"] != nil)
        let avatar = try RoomAvatarContent(json: ["url": "mxc://localhost/av1", "info": ["mimetype": "image/png", "size": 100]])
        #expect(avatar.url == "mxc://localhost/av1")
        #expect(avatar.info?.size == 100)
    }

    @Test func stateEventsDispatchToTheirCases() throws {
        let name = try TypesFixture.event(#"{"type":"m.room.name","state_key":"","content":{"name":"N"}}"#)
        #expect(name.typedContent == .name(RoomNameContent(name: "N")))
        let topic = try TypesFixture.event(#"{"type":"m.room.topic","state_key":"","content":{"topic":"T"}}"#)
        #expect(topic.typedContent == .topic(RoomTopicContent(topic: "T")))
        let avatar = try TypesFixture.event(#"{"type":"m.room.avatar","state_key":"","content":{"url":"mxc://a/b"}}"#)
        #expect(avatar.typedContent == .avatar(RoomAvatarContent(url: "mxc://a/b")))
        let encryption = try TypesFixture.event(#"{"type":"m.room.encryption","state_key":"","content":{"algorithm":"m.megolm.v1.aes-sha2"}}"#)
        #expect(encryption.typedContent == .encryption(EncryptionContent()))
    }

    @Test func powerLevelsDecodeWithSpecDefaults() throws {
        let levels = try PowerLevelsContent(json: ["users": ["@dummybot:localhost": 100]])
        #expect(levels.level(of: "@dummybot:localhost") == 100)
        #expect(levels.level(of: "@alice:localhost") == 0)
        #expect(levels.usersDefault == 0)
        #expect(levels.eventsDefault == 0)
        #expect(levels.stateDefault == 50)
        #expect(levels.ban == 50)
        #expect(levels.kick == 50)
        #expect(levels.redact == 50)
        #expect(levels.invite == 0)
        #expect(levels.notificationLevel("room") == 50)
    }

    @Test func powerLevelsFromSynapseDecode() throws {
        let levels = try PowerLevelsContent(json: try TypesFixture.json("""
            {"users":{"@alice:localhost":100,"@dummybot:localhost":100},"users_default":0,
             "events":{"m.room.name":50,"m.room.power_levels":100,"m.room.history_visibility":100,"m.room.canonical_alias":50,
                       "m.room.avatar":50,"m.room.tombstone":100,"m.room.server_acl":100,"m.room.encryption":100},
             "events_default":0,"state_default":50,"ban":50,"kick":50,"redact":50,"invite":0,"historical":100,
             "notifications":{"room":50}}
            """))
        #expect(levels.requiredLevel(forEventType: "m.room.power_levels", isState: true) == 100)
        #expect(levels.requiredLevel(forEventType: "m.room.message", isState: false) == 0)
        #expect(levels.requiredLevel(forEventType: "m.bridge", isState: true) == 50)
        #expect(levels.extra["historical"] == 100)
    }

    @Test func powerLevelsAcceptStringLevelsOfOldRooms() throws {
        let levels = try PowerLevelsContent(json: ["users": ["@a:b": "75"], "ban": " 60 ", "events": ["m.room.name": "20"]])
        #expect(levels.level(of: "@a:b") == 75)
        #expect(levels.ban == 60)
        #expect(levels.events["m.room.name"] == 20)
    }

    @Test func powerLevelsDropInvalidUserKeys() throws {
        let levels = try PowerLevelsContent(json: ["users": ["not a user": 100, "@ok:b": 10]])
        #expect(levels.users == ["@ok:b": 10])
    }

    @Test func powerLevelsRejectNonNumericLevels() {
        #expect(throws: ContentDecodingError(path: "ban", reason: "expected an integer, found a boolean")) {
            try PowerLevelsContent(json: ["ban": true])
        }
    }

    @Test func roomCreatorsOutrankEveryLevel() throws {
        let levels = PowerLevelsContent(users: ["@bot:b": 100])
        #expect(levels.level(of: "@creator:b", creators: ["@creator:b"]) == .max)
    }

    @Test func createContentOfRoomVersion12Decodes() throws {
        let create = try CreateContent(json: ["room_version": "12", "additional_creators": ["@dummybot:localhost", "bogus"], "m.federate": false])
        #expect(create.roomVersion == "12")
        #expect(create.additionalCreators == ["@dummybot:localhost"])
        #expect(create.extra["m.federate"] == false)
        #expect(try CreateContent(json: ["creator": "@alice:localhost"]).effectiveRoomVersion == "1")
        #expect(try CreateContent(json: ["creator": "@alice:localhost"]).creator == "@alice:localhost")
        #expect(try CreateContent(json: ["type": "m.space"]).type == "m.space")
    }

    @Test func encryptionContentAppliesRotationDefaults() throws {
        let encryption = try EncryptionContent(json: ["algorithm": "m.megolm.v1.aes-sha2"])
        #expect(encryption.effectiveRotationPeriodMs == 604_800_000)
        #expect(encryption.effectiveRotationPeriodMessages == 100)
        let custom = try EncryptionContent(json: ["algorithm": "m.megolm.v1.aes-sha2", "rotation_period_ms": 3_600_000, "rotation_period_msgs": 10])
        #expect(custom.rotationPeriodMs == 3_600_000)
        #expect(custom.rotationPeriodMsgs == 10)
        #expect(throws: ContentDecodingError.self) { try EncryptionContent(json: [:]) }
    }

    @Test func megolmEncryptedContentDecodes() throws {
        let content = try EncryptedContent(json: try TypesFixture.json("""
            {"algorithm":"m.megolm.v1.aes-sha2","ciphertext":"AwgAEnACgAkLmt6qF84IK++J7UDH2Za1YVchHyprqTqsg",
             "device_id":"NIODEVICE","sender_key":"IlRMeOPX2e0MurIyfWEucYBRVOEEUMrOHqn/8mLqMjA",
             "session_id":"X3lUlvLELLYxeTx4yOVu6UDpasGEVO0Jbu+QFnm0cKQ",
             "m.relates_to":{"rel_type":"m.annotation","event_id":"$x","key":"k"}}
            """))
        #expect(content.megolmCiphertext == "AwgAEnACgAkLmt6qF84IK++J7UDH2Za1YVchHyprqTqsg")
        #expect(content.deviceID == "NIODEVICE")
        #expect(content.sessionID == "X3lUlvLELLYxeTx4yOVu6UDpasGEVO0Jbu+QFnm0cKQ")
        #expect(content.relatesTo?.kind == .annotation("$x", key: "k"))
    }

    @Test func olmEncryptedContentKeepsTheCiphertextObject() throws {
        let content = try EncryptedContent(json: try TypesFixture.json("""
            {"algorithm":"m.olm.v1.curve25519-aes-sha2","sender_key":"jrdcbkAX","ciphertext":{"theirkey":{"type":0,"body":"AwogNuRW"}}}
            """))
        #expect(content.megolmCiphertext == nil)
        #expect(content.ciphertext["theirkey"]?["type"] == 0)
        #expect(throws: ContentDecodingError.self) {
            try EncryptedContent(json: ["algorithm": "m.megolm.v1.aes-sha2", "ciphertext": 5])
        }
    }

    @Test func bridgeInfoRoundTrips() throws {
        let info = BridgeInfoContent(
            bridgebot: "@ircbot:localhost", creator: "@alice:localhost",
            protocol: BridgeInfoSection(id: "irc", displayname: "IRC"),
            network: BridgeInfoSection(id: "libera", displayname: "Libera.Chat", externalURL: "https://libera.chat"),
            channel: BridgeInfoSection(id: "#swift", avatarURL: "mxc://localhost/chan"))
        let decoded = try BridgeInfoContent(json: info.json)
        #expect(decoded == info)
        #expect(info.json["protocol"]?["id"] == "irc")
        #expect(info.json["network"]?["external_url"] == "https://libera.chat")
        #expect(info.json["channel"]?["avatar_url"] == "mxc://localhost/chan")
        #expect(BridgeInfoContent.eventType == "m.bridge")
    }

    @Test func bridgeInfoWithoutChannelFails() {
        #expect(throws: ContentDecodingError(path: "channel", reason: "missing (expected an object)")) {
            try BridgeInfoContent(json: ["bridgebot": "@b:c", "protocol": ["id": "irc"]])
        }
    }
}
