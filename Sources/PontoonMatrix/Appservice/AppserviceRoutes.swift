import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore

/// The appservice API a homeserver calls (`/_matrix/app/v1/…`), mounted on a Hummingbird router.
///
/// Other routes (bridge media, provider webhooks) may share the router: authentication covers only
/// `/_matrix/app/`, while unknown paths anywhere answer 404 `M_UNRECOGNIZED`.
public enum AppserviceRoutes {
    static let prefix = "/_matrix/app/v1"

    /// Adds the error mapping, the hs_token check and every appservice endpoint to `router`.
    ///
    /// Call this before adding other routes: Hummingbird applies router middleware only to routes
    /// added after it, and the error mapping must cover them all.
    public static func install<Context: RequestContext>(
        on router: Router<Context>,
        configuration: AppserviceServerConfiguration,
        transactions: any AppserviceTransactionSink,
        queries: any AppserviceQueryHandler,
        logger: Logger = Logger(label: "pontoon.appservice")
    ) {
        router.add(middleware: AppserviceErrorMiddleware(maxBodySize: configuration.maxBodySize, logger: logger))
        router.add(middleware: AppserviceAuthMiddleware(hsToken: configuration.hsToken))
        let endpoints = AppserviceEndpoints(
            maxBodySize: configuration.maxBodySize, transactions: transactions, queries: queries, logger: logger)
        router.put("\(prefix)/transactions/:txnId") { request, context in
            try await endpoints.putTransaction(request, txnID: try pathParameter(context, "txnId"))
        }
        router.get("\(prefix)/users/:userId") { _, context in
            try await endpoints.queryUser(try pathParameter(context, "userId"))
        }
        router.get("\(prefix)/rooms/:roomAlias") { _, context in
            try await endpoints.queryAlias(try pathParameter(context, "roomAlias"))
        }
        router.post("\(prefix)/ping") { request, _ in
            try await endpoints.ping(request)
        }
        router.get("\(prefix)/thirdparty/protocol/:protocol") { _, context in
            try await endpoints.thirdPartyProtocol(try pathParameter(context, "protocol"))
        }
        router.get("\(prefix)/thirdparty/user/:protocol") { request, context in
            try await endpoints.thirdPartyUsers(try pathParameter(context, "protocol"), fields: fields(of: request))
        }
        router.get("\(prefix)/thirdparty/location/:protocol") { request, context in
            try await endpoints.thirdPartyLocations(try pathParameter(context, "protocol"), fields: fields(of: request))
        }
        router.get("\(prefix)/thirdparty/user") { request, _ in
            try await endpoints.reverseUserLookup(request.uri.queryParameters["userid"].map(String.init))
        }
        router.get("\(prefix)/thirdparty/location") { request, _ in
            try await endpoints.reverseLocationLookup(request.uri.queryParameters["alias"].map(String.init))
        }
    }

    /// Path parameters arrive percent-encoded (`%40ghost%3Aserver`); IDs are compared decoded.
    static func pathParameter<Context: RequestContext>(_ context: Context, _ name: String) throws -> String {
        guard let raw = context.parameters.get(name), let decoded = raw.removingPercentEncoding, !decoded.isEmpty else {
            throw MatrixErrorResponse.badJSON("Invalid path parameter \(name)")
        }
        return decoded
    }

    /// Third-party query fields, without the token a legacy homeserver may add.
    static func fields(of request: Request) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in request.uri.queryParameters where key != "access_token" {
            result[String(key)] = String(value)
        }
        return result
    }
}
