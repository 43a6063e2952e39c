// swift-tools-version:6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Pontoon",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PontoonMatrix", targets: ["PontoonMatrix"]),
        .library(name: "Pontoon", targets: ["Pontoon"]),
        .executable(name: "pontoon-echo", targets: ["pontoon-echo"]),
        .executable(name: "pontoon-irc", targets: ["pontoon-irc"]),
        .executable(name: "pontoon-sms", targets: ["pontoon-sms"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
    ],
    targets: [
        // Matrix types, the client-server API as an appservice, and the appservice HTTP server.
        .target(
            name: "PontoonMatrix",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // One SQL schema with numbered migrations, on SQLite (default) or PostgreSQL.
        .target(
            name: "PontoonStorage",
            dependencies: [
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // libolm (Debian libolm-dev), for end-to-bridge encryption.
        .systemLibrary(name: "COlm", path: "Sources/COlm", pkgConfig: "olm", providers: [.apt(["libolm-dev"])]),
        // End-to-bridge encryption: Olm accounts and sessions, Megolm, behind a facade over libolm.
        .target(
            name: "PontoonCrypto",
            dependencies: [
                "COlm", "PontoonMatrix",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // The bridge core: config, CLI, metrics, lifecycle.
        .target(
            name: "Pontoon",
            dependencies: [
                "PontoonMatrix",
                "PontoonStorage",
                "PontoonCrypto",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "PontoonEcho",
            dependencies: ["Pontoon", "PontoonMatrix"],
            path: "Bridges/Echo/PontoonEcho",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pontoon-echo",
            dependencies: ["PontoonEcho", "Pontoon"],
            path: "Bridges/Echo/pontoon-echo",
            swiftSettings: strict
        ),
        // The IRC bridge: the wire protocol, formatting, one connection per login, the network plugin.
        .target(
            name: "PontoonIRC",
            dependencies: [
                "Pontoon", "PontoonMatrix",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            path: "Bridges/IRC/PontoonIRC",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pontoon-irc",
            dependencies: ["PontoonIRC", "Pontoon"],
            path: "Bridges/IRC/pontoon-irc",
            swiftSettings: strict
        ),
        // The SMS bridge: phone numbers, segments, Kannel and Twilio providers, the network plugin.
        .target(
            name: "PontoonSMS",
            dependencies: [
                "Pontoon", "PontoonMatrix",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Bridges/SMS/PontoonSMS",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pontoon-sms",
            dependencies: ["PontoonSMS", "Pontoon"],
            path: "Bridges/SMS/pontoon-sms",
            swiftSettings: strict
        ),
        // Throughput of the bridge-only path, as ratios against baselines measured in the same run.
        .executableTarget(
            name: "pontoon-bench",
            dependencies: [
                "Pontoon", "PontoonMatrix", "PontoonStorage",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/pontoon-bench",
            swiftSettings: strict
        ),
        // Throughput of the IRC text path and the memory of idle puppet connections.
        .executableTarget(
            name: "pontoon-irc-bench",
            dependencies: [
                "Pontoon", "PontoonIRC",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/pontoon-irc-bench",
            swiftSettings: strict
        ),
        // Megolm and Olm cost per message, against baselines measured in the same run.
        .executableTarget(
            name: "pontoon-crypto-bench",
            dependencies: [
                "PontoonCrypto", "PontoonMatrix",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Benchmarks/pontoon-crypto-bench",
            swiftSettings: strict
        ),
        // What end-to-bridge encryption adds to a round trip through Synapse and the echo bridge.
        .executableTarget(
            name: "pontoon-e2ee-bench",
            dependencies: ["PontoonMatrix", "PontoonTestSupport"],
            path: "Benchmarks/pontoon-e2ee-bench",
            swiftSettings: strict
        ),
        // Shared test tooling: the Synapse rig, the matrix-nio agent, the throwaway PostgreSQL.
        .target(
            name: "PontoonTestSupport",
            dependencies: [
                "Pontoon", "PontoonMatrix", "PontoonStorage",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/PontoonTestSupport",
            swiftSettings: strict
        ),
        .testTarget(
            name: "PontoonMatrixTests",
            dependencies: [
                "PontoonMatrix", "PontoonTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PontoonTests",
            dependencies: ["Pontoon", "PontoonMatrix", "PontoonStorage", "PontoonCrypto", "PontoonTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PontoonStorageTests",
            dependencies: ["PontoonStorage", "PontoonTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PontoonIRCTests",
            dependencies: ["PontoonIRC", "Pontoon", "PontoonMatrix", "PontoonTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PontoonSMSTests",
            dependencies: ["PontoonSMS", "Pontoon", "PontoonMatrix", "PontoonTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PontoonCryptoTests",
            dependencies: ["PontoonCrypto", "PontoonMatrix"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["Pontoon", "PontoonMatrix", "PontoonEcho", "PontoonIRC", "PontoonSMS", "PontoonTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
