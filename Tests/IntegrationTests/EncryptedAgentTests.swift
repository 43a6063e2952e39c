import Foundation
import PontoonMatrix
import PontoonTestSupport
import Testing

/// The matrix-nio test agent with end-to-end encryption, against a real Synapse: the tool the
/// bridge's E2EE tests use to play an encrypting Matrix user, checked on its own first.
@Suite("Encrypting nio agent against a real Synapse", .serialized, RigAvailability.synapseTrait)
struct EncryptedAgentTests {
    @Test func twoEncryptingUsersExchangeATextAndAnEncryptedAttachment() async throws {
        try await withEchoRig { _, rig in
            let aliceAgent = try NioAgent()
            let bobAgent = try NioAgent()
            let alice = try await aliceAgent.login(homeserver: rig.url, username: "alice", encryption: true)
            let bob = try await bobAgent.login(homeserver: rig.url, username: "bob", encryption: true, deviceID: "BOBPHONE")
            #expect(await bobAgent.deviceID == "BOBPHONE")
            #expect(try await bobAgent.encryptionInfo()["curve25519"]?.stringValue?.isEmpty == false)

            let room = try await aliceAgent.createRoom(name: "Secret", invite: [bob], encrypted: true)
            #expect(try await bobAgent.waitForInvite(from: alice) == room)
            try await bobAgent.join(room.rawValue)
            // Alice shares her room key only with the members (and devices) she knows of.
            _ = try await aliceAgent.waitForEvent(in: room, type: "m.room.member", sender: bob)

            let sent = try await aliceAgent.sendText("for bob's eyes only", to: room)
            let text = try await bobAgent.waitForEvent(in: room, type: "m.room.message", sender: alice, bodyContains: "eyes only")
            #expect(text["event_id"]?.stringValue == sent.rawValue)
            #expect(text["decrypted"]?.boolValue == true)

            let bytes: [UInt8] = Array("attachment \u{1F510}".utf8) + [0, 1, 2, 255]
            let upload = try await bobAgent.uploadEncrypted(bytes, contentType: "application/octet-stream", fileName: "secret.bin")
            #expect(try await bobAgent.download(url: upload.url) != bytes) // the server holds ciphertext
            try await bobAgent.send(to: room, content: [
                "msgtype": "m.file", "body": "secret.bin", "file": upload.file,
                "info": ["mimetype": "application/octet-stream", "size": .int(Int64(bytes.count))],
            ])
            let file = try await aliceAgent.waitForEvent(in: room, type: "m.room.message", sender: bob, bodyContains: "secret.bin")
            #expect(file["decrypted"]?.boolValue == true)
            let fileJSON = try #require(file["content"]?["file"])
            #expect(try await aliceAgent.downloadDecrypted(url: fileJSON["url"]?.stringValue ?? "", file: fileJSON) == bytes)

            await aliceAgent.stop()
            await bobAgent.stop()
        }
    }
}
