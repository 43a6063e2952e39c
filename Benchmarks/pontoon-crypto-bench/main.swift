import Crypto
import Foundation
import PontoonCrypto
import PontoonMatrix

// Cost per message of the end-to-bridge encryption paths, each next to baselines measured in the
// same run on the same bytes (AES-256-GCM seal and SHA-256 with swift-crypto), as ratios.
// Usage: swift run -c release pontoon-crypto-bench [messages]

let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 5_000
print("libolm \(OlmLibrary.version), \(count) messages per operation")

let event: JSONValue = ["type": "m.room.message", "room_id": "!portal:localhost",
                        "content": ["msgtype": "m.text", "body": .string(String(repeating: "hello bridge ", count: 12))]]
let eventBytes = event.jsonBytes()
let gcmKey = SymmetricKey(size: .bits256)

func baselines(_ bytes: [UInt8], label: String, count: Int) throws -> [Measurement] {
    [
        try measure("AES-256-GCM seal \(label)", count: count) { _ in _ = try AES.GCM.seal(bytes, using: gcmKey) },
        measure("SHA-256 \(label)", count: count) { _ in _ = SHA256.hash(data: bytes) },
    ]
}

// Megolm and Olm on libolm directly.
let outbound = try MegolmOutboundSession.create()
let inbound = try MegolmInboundSession.create(sessionKey: outbound.sessionKey())
var ciphertexts: [String] = []
ciphertexts.reserveCapacity(count + 10)
let megolmEncrypt = try measure("Megolm encrypt (libolm)", count: count) { _ in ciphertexts.append(try outbound.encrypt(eventBytes)) }
let megolmDecrypt = try measure("Megolm decrypt (libolm)", count: count) { i in _ = try inbound.decrypt(ciphertexts[i]) }

let alice = try OlmAccount.create(), bob = try OlmAccount.create()
try bob.generateOneTimeKeys(1)
let aliceOut = try OlmSession.outbound(account: alice, theirIdentityKey: bob.identityKeys().curve25519,
                                       theirOneTimeKey: bob.oneTimeKeys().values.first!)
let opening = try aliceOut.encrypt(eventBytes)
let bobIn = try OlmSession.inbound(account: bob, theirIdentityKey: alice.identityKeys().curve25519, preKeyMessage: opening.body)
_ = try bobIn.decrypt(opening)
// Alternate directions so every message is a new ratchet step, as in a real exchange.
let olm = try measure("Olm encrypt+decrypt (libolm, ping-pong)", count: count) { i in
    let (from, to) = i % 2 == 0 ? (bobIn, aliceOut) : (aliceOut, bobIn)
    _ = try to.decrypt(try from.encrypt(eventBytes))
}
report("Per message, \(eventBytes.count)-byte event JSON", [megolmEncrypt, megolmDecrypt, olm],
       baselines: try baselines(eventBytes, label: "\(eventBytes.count) B", count: count))

// The same through OlmMachine: JSON, checks, replay index and a pickle saved per message.
let clock: @Sendable () -> Date = { Date() }
let bridge = try await OlmMachine(userID: "@bot:localhost", deviceID: "BOTDEV", pickleKey: Array(repeating: 7, count: 32),
                                  store: InMemoryCryptoStore(), clock: clock)
let user = try await OlmMachine(userID: "@alice:localhost", deviceID: "ALICEDEV", pickleKey: Array(repeating: 9, count: 32),
                                store: InMemoryCryptoStore(), clock: clock)
let bridgeUpload = try await bridge.initialKeyUpload()
let userUpload = try await user.initialKeyUpload()
let bridgeDevice = try DeviceIdentity.verified(deviceKeys: bridgeUpload["device_keys"]!, userID: "@bot:localhost", deviceID: "BOTDEV")
let userDevice = try DeviceIdentity.verified(deviceKeys: userUpload["device_keys"]!, userID: "@alice:localhost", deviceID: "ALICEDEV")
let room: RoomID = "!portal:localhost"
let unlimited = RotationPolicy(periodMs: .max, messages: .max)
let otk = userUpload["one_time_keys"]!.objectValue!.first!
let shares = try await bridge.roomKeyShares(roomID: room, devices: [userDevice], claimedOneTimeKeys: [userDevice.key: JSONValue.object([otk.key: otk.value])],
                                            rotation: unlimited)
func toDevice(_ content: JSONValue, from: String, to: String, device: String) throws -> ToDeviceEvent {
    try ToDeviceEvent(json: ["type": "m.room.encrypted", "sender": .string(from), "to_user_id": .string(to), "to_device_id": .string(device), "content": content])
}
_ = try await user.decryptToDevice(toDevice(shares.messages["@alice:localhost"]!["ALICEDEV"]!, from: "@bot:localhost", to: "@alice:localhost", device: "ALICEDEV"))
let content = event["content"]!
var encryptedEvents: [EncryptedContent] = []
encryptedEvents.reserveCapacity(count + 10)
let machineEncrypt = try await measure("OlmMachine.encryptRoomEvent", count: count) { _ in
    encryptedEvents.append(try EncryptedContent(json: try await bridge.encryptRoomEvent(roomID: room, type: "m.room.message", content: content)))
}
let machineDecrypt = try await measure("OlmMachine.decryptRoomEvent", count: count) { i in
    _ = try await user.decryptRoomEvent(encryptedEvents[i], roomID: room, eventID: EventID(rawValue: "$e\(i)")!)
}
let machineOlm = try await measure("OlmMachine to-device encrypt+decrypt", count: count) { i in
    if i % 2 == 0 {
        let sent = try await bridge.encryptToDevice(type: "m.dummy", content: content, to: userDevice)
        _ = try await user.decryptToDevice(toDevice(sent, from: "@bot:localhost", to: "@alice:localhost", device: "ALICEDEV"))
    } else {
        let sent = try await user.encryptToDevice(type: "m.dummy", content: content, to: bridgeDevice)
        _ = try await bridge.decryptToDevice(toDevice(sent, from: "@alice:localhost", to: "@bot:localhost", device: "BOTDEV"))
    }
}
report("Per message through OlmMachine (in-memory store)", [machineEncrypt, machineDecrypt, machineOlm],
       baselines: try baselines(eventBytes, label: "\(eventBytes.count) B", count: count))

// Attachments: 1 MiB.
let mebibyte = [UInt8]((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761) })
let fileCount = max(20, count / 100)
let attachment = measure("attachment encrypt (AES-CTR + SHA-256)", count: fileCount) { _ in _ = AttachmentCrypto.encrypt(mebibyte) }
let sample = AttachmentCrypto.encrypt(mebibyte)
let file = sample.file(url: "mxc://localhost/bench")
let attachmentDecrypt = try measure("attachment decrypt (hash check + AES-CTR)", count: fileCount) { _ in
    _ = try AttachmentCrypto.decrypt(sample.ciphertext, file: file)
}
report("Per 1 MiB attachment", [attachment, attachmentDecrypt], baselines: try baselines(mebibyte, label: "1 MiB", count: fileCount))
