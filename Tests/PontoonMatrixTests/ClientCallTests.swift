import Foundation
import NIOCore
import PontoonMatrix
import Testing

/// Per-call behaviour that depends on answers a real Synapse gives only in special states.
@Suite("Homeserver client: calls")
struct ClientCallTests {
    @Test func userInUseMeansTheGhostIsRegistered() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .matrixError(.badRequest, "M_USER_IN_USE", "User ID already taken.") }) { client, log in
            try await client.intent(for: FakeHomeserver.ghost).ensureRegistered()
            let request = try #require(log.requests.first)
            #expect(request.rawPath == "/_matrix/client/v3/register")
            #expect(request.jsonBody == ["type": "m.login.application_service", "username": "irc_alice", "inhibit_login": true])
            #expect(request.queryValues("user_id") == [])
        }
    }

    @Test func otherRegistrationErrorsAreThrown() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .matrixError(.badRequest, "M_EXCLUSIVE", "Invalid user localpart") }) { client, _ in
            let error = await #expect(throws: MatrixError.self) {
                try await client.intent(for: FakeHomeserver.ghost).ensureRegistered()
            }
            #expect(error?.errcode == "M_EXCLUSIVE")
        }
    }

    @Test func theBotIsNeverRegistered() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, "{}") }) { client, log in
            try await client.bot.ensureRegistered()
            #expect(log.count == 0)
        }
    }

    @Test func missingStateEventIsNil() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .matrixError(.notFound, "M_NOT_FOUND", "Event not found.") }) { client, _ in
            let content = try await client.bot.getStateEvent(in: "!room", type: "m.room.topic")
            #expect(content == nil)
        }
    }

    @Test func forbiddenStateReadIsStillAnError() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .matrixError(.forbidden, "M_FORBIDDEN", "not in room") }) { client, _ in
            await #expect(throws: MatrixError.self) { try await client.bot.getStateEvent(in: "!room", type: "m.room.topic") }
        }
    }

    @Test func putDeviceTellsCreatedFromExisting() async throws {
        try await FakeHomeserver.run(reply: { _, index in .json(index == 0 ? .created : .ok, "{}") }) { client, log in
            let ghost = client.intent(for: FakeHomeserver.ghost)
            let first = try await ghost.putDevice(id: "PONTOON", displayName: "Pontoon")
            let second = try await ghost.withDevice("PONTOON").putDevice(id: "PONTOON")
            #expect(first == .created)
            #expect(second == .existed)
            #expect(log.requests.map(\.rawPath) == ["/_matrix/client/v3/devices/PONTOON", "/_matrix/client/v3/devices/PONTOON"])
            #expect(log.requests.last?.queryValues("device_id") == [])
        }
    }

    @Test func joinedMembersMapsUsersToProfiles() async throws {
        let body = #"{"joined":{"@a:example.org":{"display_name":"Alice","avatar_url":"mxc://example.org/abc"},"@b:example.org":{"avatar_url":42}}}"#
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, body) }) { client, _ in
            let members = try await client.bot.joinedMembers("!room")
            #expect(members["@a:example.org"] == Profile(displayName: "Alice", avatarURL: "mxc://example.org/abc"))
            #expect(members["@b:example.org"] == Profile(displayName: nil, avatarURL: nil))
        }
    }

    @Test func joinSendsViaServersAndReturnsTheRoom() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, #"{"room_id":"!joined:example.org"}"#) }) { client, log in
            let room = try await client.intent(for: FakeHomeserver.ghost).join("#chan:example.org", via: ["other.org"])
            #expect(room == "!joined:example.org")
            #expect(log.requests.first?.rawPath == "/_matrix/client/v3/join/%23chan%3Aexample.org")
            #expect(log.requests.first?.queryValues("via") == ["other.org"])
        }
    }

    @Test func createRoomSendsOnlyTheFieldsThatAreSet() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, #"{"room_id":"!new"}"#) }) { client, log in
            let request = CreateRoomRequest(
                name: "Portal", invite: ["@alice:example.org"], isDirect: true, preset: .privateChat,
                initialState: [.init(type: "m.room.encryption", content: ["algorithm": "m.megolm.v1.aes-sha2"])])
            _ = try await client.bot.createRoom(request)
            #expect(log.requests.first?.jsonBody == [
                "name": "Portal", "invite": ["@alice:example.org"], "is_direct": true, "preset": "private_chat",
                "initial_state": [["type": "m.room.encryption", "state_key": "", "content": ["algorithm": "m.megolm.v1.aes-sha2"]]],
            ])
        }
    }
}

@Suite("Homeserver client: media")
struct ClientMediaTests {
    @Test func uploadPostsTheBytesWithTypeAndFilename() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, #"{"content_uri":"mxc://example.org/up1"}"#) }) { client, log in
            let mxc = try await client.intent(for: FakeHomeserver.ghost).upload(
                Data("hello".utf8), contentType: "text/plain", filename: "my file.txt")
            #expect(mxc == "mxc://example.org/up1")
            let request = try #require(log.requests.first)
            #expect(request.rawPath == "/_matrix/media/v3/upload")
            #expect(request.queryValues("filename") == ["my file.txt"])
            #expect(request.headers[.contentType] == "text/plain")
            #expect(String(buffer: request.body) == "hello")
        }
    }

    @Test func uploadLargerThanTheLimitIsRefusedBeforeSending() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, #"{"content_uri":"mxc://example.org/up1"}"#) }) { client, log in
            let error = await #expect(throws: HomeserverClientError.self) {
                try await client.bot.upload(Data(count: 11), contentType: "application/octet-stream", maxBytes: 10)
            }
            guard case .tooLarge(_, let size, let limit) = error else {
                Issue.record("expected tooLarge, got \(String(describing: error))")
                return
            }
            #expect(size == 11 && limit == 10)
            #expect(log.count == 0)
        }
    }

    @Test func downloadUsesTheAuthenticatedPathAndReadsTheHeaders() async throws {
        try await FakeHomeserver.run(reply: { _, _ in
            FakeReply(status: .ok, body: "PNGDATA", headers: [
                .contentType: "image/png", .contentDisposition: #"inline; filename="cat.png""#,
            ])
        }) { client, log in
            let media = try await client.bot.download("mxc://example.org/abc_DEF-1", maxBytes: 1024)
            #expect(String(buffer: media.body) == "PNGDATA")
            #expect(media.contentType == "image/png")
            #expect(media.filename == "cat.png")
            #expect(log.requests.first?.rawPath == "/_matrix/client/v1/media/download/example.org/abc_DEF-1")
        }
    }

    @Test func downloadLargerThanMaxBytesIsRefused() async throws {
        try await FakeHomeserver.run(reply: { _, _ in FakeReply(status: .ok, body: String(repeating: "x", count: 2048)) }) { client, log in
            let error = await #expect(throws: HomeserverClientError.self) {
                try await client.bot.download("mxc://example.org/big", maxBytes: 1024)
            }
            guard case .tooLarge(let endpoint, _, let limit) = error else {
                Issue.record("expected tooLarge, got \(String(describing: error))")
                return
            }
            #expect(endpoint == "download" && limit == 1024)
            #expect(log.count == 1)
        }
    }

    @Test func mediaConfigReadsTheUploadLimit() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, #"{"m.upload.size":52428800}"#) }) { client, log in
            let config = try await client.bot.mediaConfig()
            #expect(config.maxUploadBytes == 52_428_800)
            #expect(log.requests.first?.rawPath == "/_matrix/client/v1/media/config")
        }
    }
}
