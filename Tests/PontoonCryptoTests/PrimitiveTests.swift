import Testing
@testable import PontoonCrypto

@Suite("libolm primitives")
struct PrimitiveTests {
    let key = Array("primitive test pickle key".utf8)

    @Test("an account pickle round trip keeps the identity keys")
    func accountPickle() throws {
        let account = try OlmAccount.create()
        let restored = try OlmAccount.unpickle(try account.pickle(key: key), key: key)
        #expect(try restored.identityKeys() == account.identityKeys())
    }

    @Test("unpickling an account with the wrong key fails with BAD_ACCOUNT_KEY")
    func accountWrongKey() throws {
        let pickle = try OlmAccount.create().pickle(key: key)
        #expect(throws: OlmError(code: .badAccountKey, operation: "olm_unpickle_account")) {
            try OlmAccount.unpickle(pickle, key: Array("another key".utf8))
        }
    }

    @Test("garbage and empty pickles are refused, not crashed on")
    func garbagePickles() {
        #expect(throws: OlmError.self) { try OlmAccount.unpickle("not a pickle!", key: key) }
        #expect(throws: OlmError.self) { try OlmAccount.unpickle("", key: key) }
        #expect(throws: OlmError.self) { try OlmSession.unpickle("AAAA", key: key) }
        #expect(throws: OlmError.self) { try MegolmInboundSession.unpickle("", key: key) }
    }

    @Test("one-time keys are generated, listed until published, and capped at the maximum")
    func oneTimeKeys() throws {
        let account = try OlmAccount.create()
        #expect(account.maxOneTimeKeys == 100)
        try account.generateOneTimeKeys(5)
        #expect(try account.oneTimeKeys().count == 5)
        account.markKeysAsPublished()
        #expect(try account.oneTimeKeys().isEmpty)
        try account.generateFallbackKey()
        #expect(try account.unpublishedFallbackKey().count == 1)
        account.markKeysAsPublished()
        #expect(try account.unpublishedFallbackKey().isEmpty)
    }

    @Test("an Olm session carries messages both ways; pre-key until the peer replies")
    func olmSession() throws {
        let alice = try OlmAccount.create(), bob = try OlmAccount.create()
        try bob.generateOneTimeKeys(1)
        let otk = try #require(bob.oneTimeKeys().values.first)
        let outbound = try OlmSession.outbound(account: alice, theirIdentityKey: bob.identityKeys().curve25519, theirOneTimeKey: otk)
        let first = try outbound.encrypt(Array("hello".utf8))
        #expect(first.type == .preKey)
        let inbound = try OlmSession.inbound(account: bob, theirIdentityKey: alice.identityKeys().curve25519, preKeyMessage: first.body)
        #expect(try inbound.matchesInbound(theirIdentityKey: alice.identityKeys().curve25519, preKeyMessage: first.body))
        #expect(try inbound.decrypt(first) == Array("hello".utf8))
        try bob.removeOneTimeKeys(usedBy: inbound)
        #expect(try inbound.sessionID() == outbound.sessionID())

        let reply = try inbound.encrypt(Array("hi".utf8))
        #expect(reply.type == .normal)
        #expect(try outbound.decrypt(reply) == Array("hi".utf8))
        #expect(outbound.hasReceivedMessage)
        #expect(try outbound.encrypt(Array("again".utf8)).type == .normal)

        let restored = try OlmSession.unpickle(try inbound.pickle(key: key), key: key)
        #expect(try restored.sessionID() == inbound.sessionID())
    }

    @Test("a tampered Olm message fails with a libolm error and leaves the session usable")
    func tamperedOlm() throws {
        let alice = try OlmAccount.create(), bob = try OlmAccount.create()
        try bob.generateOneTimeKeys(1)
        let outbound = try OlmSession.outbound(account: alice, theirIdentityKey: bob.identityKeys().curve25519,
                                               theirOneTimeKey: try #require(bob.oneTimeKeys().values.first))
        let first = try outbound.encrypt(Array("one".utf8))
        let inbound = try OlmSession.inbound(account: bob, theirIdentityKey: nil, preKeyMessage: first.body)
        _ = try inbound.decrypt(first)
        let reply = try inbound.encrypt(Array("two".utf8))
        let tampered = OlmMessage(type: .normal, body: flipOneCharacter(reply.body))
        #expect(throws: OlmError.self) { try outbound.decrypt(tampered) }
        #expect(try outbound.decrypt(reply) == Array("two".utf8))
    }

    @Test("Megolm: decrypt gives the index; exports start where asked; earlier indexes are unknown")
    func megolm() throws {
        let outbound = try MegolmOutboundSession.create()
        let inbound = try MegolmInboundSession.create(sessionKey: outbound.sessionKey())
        #expect(try inbound.sessionID() == outbound.sessionID())
        let zero = try outbound.encrypt(Array("zero".utf8))
        let one = try outbound.encrypt(Array("one".utf8))
        #expect(outbound.messageIndex == 2)
        #expect(try inbound.decrypt(one).messageIndex == 1)
        #expect(try inbound.decrypt(zero) == (Array("zero".utf8), 0))

        let imported = try MegolmInboundSession.import(exportedKey: inbound.export(at: 1))
        #expect(imported.firstKnownIndex == 1)
        #expect(try imported.decrypt(one).plaintext == Array("one".utf8))
        #expect(throws: OlmError(code: .unknownMessageIndex, operation: "olm_group_decrypt")) { try imported.decrypt(zero) }

        let restored = try MegolmOutboundSession.unpickle(try outbound.pickle(key: key), key: key)
        #expect(restored.messageIndex == 2)
        let two = try restored.encrypt(Array("two".utf8))
        let inboundRestored = try MegolmInboundSession.unpickle(try inbound.pickle(key: key), key: key)
        #expect(try inboundRestored.decrypt(two) == (Array("two".utf8), 2))
    }

    @Test("Megolm: a bad session key, a tampered ciphertext and garbage are libolm errors")
    func megolmHostile() throws {
        let outbound = try MegolmOutboundSession.create()
        let inbound = try MegolmInboundSession.create(sessionKey: outbound.sessionKey())
        let message = try outbound.encrypt(Array("x".utf8))
        #expect(throws: OlmError.self) { try MegolmInboundSession.create(sessionKey: flipOneCharacter(outbound.sessionKey())) }
        #expect(throws: OlmError.self) { try MegolmInboundSession.create(sessionKey: "") }
        #expect(throws: OlmError.self) { try inbound.decrypt(flipOneCharacter(message)) }
        // libolm's base64 decoder is lax: "!!!!" decodes to bytes that fail the version check.
        #expect(throws: OlmError.self) { try inbound.decrypt("!!!!") }
        #expect(throws: OlmError.self) { try inbound.decrypt("") }
    }
}
