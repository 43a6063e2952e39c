import AsyncHTTPClient
import Foundation
import NIOCore
import Pontoon
import PontoonMatrix

/// `login kannel`: a number on the bridge's Kannel, with its `sendsms-user`.
struct KannelLogin: LoginProcess {
    let config: SMSBridgeConfig
    let httpClient: HTTPClient

    func start() async throws -> LoginStep {
        .userInput(instructions: "Log in with a number on this bridge's Kannel gateway.", fields: [
            LoginField(id: "number", kind: .phoneNumber, name: "number", description: "your number, like +1 555 123 4567"),
            LoginField(id: "username", kind: .username, name: "sendsms user", description: "Kannel's sendsms-user username"),
            LoginField(id: "password", kind: .password, name: "sendsms password"),
        ])
    }

    func submit(_ values: [String: String]) async throws -> LoginStep {
        let number = try SMSLoginNumber.parse(values["number"], config: config)
        let username = values["username", default: ""], password = values["password", default: ""]
        guard !username.isEmpty, !password.isEmpty else { throw LoginError(userMessage: "The sendsms user and password are both needed. Send login to try again.") }
        try await checkCredentials(username: username, password: password)
        let metadata = SMSLoginMetadata(provider: .kannel, number: number.e164, username: username, password: password)
        return .complete(LoginResult(loginID: LoginID("kannel:" + number.e164), remoteName: number.e164, metadata: try metadata.json))
    }

    /// Asks smsbox to send nothing: it checks the user first ("Authorization failed") and only
    /// then complains about the missing receiver, so the answer tells the two apart.
    private func checkCredentials(username: String, password: String) async throws {
        guard let kannel = config.kannel else { throw LoginError(userMessage: "This bridge has no Kannel.") }
        var query = FormParameters()
        query.append("username", username)
        query.append("password", password)
        let request = HTTPClientRequest(url: kannel.sendsmsURL + "/cgi-bin/sendsms?" + query.encoded)
        let response: HTTPClientResponse
        do {
            response = try await httpClient.execute(request, timeout: .seconds(10))
        } catch {
            throw LoginError(userMessage: "The bridge's Kannel (\(kannel.sendsmsURL)) did not answer; ask the bridge's admin.")
        }
        let body = String(buffer: try await response.body.collect(upTo: 4096))
        if response.status == .forbidden || body.localizedCaseInsensitiveContains("authorization failed") {
            throw LoginError(userMessage: "Kannel refused that sendsms user and password. Send login to try again.")
        }
    }
}

/// `login twilio`: a Twilio number, with the account's SID and auth token.
struct TwilioLogin: LoginProcess {
    let config: SMSBridgeConfig
    let httpClient: HTTPClient

    func start() async throws -> LoginStep {
        .userInput(instructions: "Log in with a Twilio number (Twilio Console → Account info).", fields: [
            LoginField(id: "account_sid", kind: .username, name: "account SID", description: "starts with AC"),
            LoginField(id: "auth_token", kind: .token, name: "auth token"),
            LoginField(id: "number", kind: .phoneNumber, name: "number", description: "your Twilio number, like +1 555 123 4567"),
        ])
    }

    func submit(_ values: [String: String]) async throws -> LoginStep {
        let sid = values["account_sid", default: ""].trimmingCharacters(in: .whitespaces)
        let token = values["auth_token", default: ""].trimmingCharacters(in: .whitespaces)
        guard sid.hasPrefix("AC"), sid.count == 34, sid.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw LoginError(userMessage: "An account SID is AC followed by 32 letters and digits. Send login to try again.")
        }
        guard !token.isEmpty else { throw LoginError(userMessage: "The auth token is needed. Send login to try again.") }
        let number = try SMSLoginNumber.parse(values["number"], config: config)
        let metadata = SMSLoginMetadata(provider: .twilio, number: number.e164, accountSID: sid, authToken: token)
        do {
            try await SMSProviders(config: config, httpClient: httpClient).verify(metadata)
        } catch let error as SMSProviderError {
            throw LoginError(userMessage: error.userMessage + " Send login to try again.")
        }
        return .complete(LoginResult(loginID: LoginID("twilio:" + number.e164), remoteName: number.e164, metadata: try metadata.json))
    }
}

enum SMSLoginNumber {
    static func parse(_ text: String?, config: SMSBridgeConfig) throws -> PhoneNumber {
        do {
            return try PhoneNumber(parsing: text ?? "", defaultCountry: config.defaultCountry)
        } catch {
            throw LoginError(userMessage: error.userMessage + " Send login to try again.")
        }
    }
}
