import PontoonStorage
import Testing

@Suite("DatabaseConfiguration parsing")
struct ConfigurationParsingTests {
    private func parse(_ type: String?, _ uri: String?) throws(DatabaseConfigurationError) -> DatabaseConfiguration {
        try DatabaseConfiguration(type: type, uri: uri)
    }

    private func failure(_ type: String?, _ uri: String?) -> DatabaseConfigurationError? {
        do {
            _ = try parse(type, uri)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("/var/lib/pontoon/bridge.db", "/var/lib/pontoon/bridge.db"),
        ("bridge.db", "bridge.db"),
        ("sqlite:///var/lib/pontoon/bridge.db", "/var/lib/pontoon/bridge.db"),
        ("sqlite://data/bridge.db", "data/bridge.db"),
        ("sqlite:bridge.db", "bridge.db"),
        ("file:///var/lib/pontoon/bridge.db", "/var/lib/pontoon/bridge.db"),
        ("file:/var/lib/pontoon/bridge.db", "/var/lib/pontoon/bridge.db"),
        ("file://localhost/var/lib/bridge.db", "/var/lib/bridge.db"),
        ("file:bridge.db", "bridge.db"),
        ("file:///srv/my%20bridge/bridge.db", "/srv/my bridge/bridge.db"),
        (":memory:", ":memory:"),
        ("  /padded/bridge.db  ", "/padded/bridge.db"),
    ])
    func sqliteURIFormsGiveThePath(uri: String, path: String) throws {
        #expect(try parse("sqlite", uri) == .sqlite(path: path))
    }

    @Test(arguments: ["sqlite", "SQLite", "sqlite3", " sqlite "])
    func sqliteTypeSpellingsAreAccepted(type: String) throws {
        #expect(try parse(type, "/tmp/x.db").dialect == .sqlite)
    }

    @Test(arguments: ["postgres", "Postgres", "postgresql", "POSTGRESQL"])
    func postgresTypeSpellingsAreAccepted(type: String) throws {
        #expect(try parse(type, "postgres://u@localhost/db").dialect == .postgres)
    }

    @Test(arguments: [
        "postgres://bridge:secret@db.example.org:5432/pontoon?sslmode=disable",
        "postgresql://bridge@127.0.0.1/pontoon",
        "postgres://bridge@[::1]:6543/pontoon?sslmode=require",
    ])
    func postgresURLIsKeptAsGiven(url: String) throws {
        #expect(try parse("postgres", url) == .postgres(url: url))
    }

    @Test(arguments: [nil, "", "   "] as [String?])
    func missingTypeNamesTheTypeKey(type: String?) {
        let error = failure(type, "/tmp/x.db")
        #expect(error?.key == "database.type")
        #expect(error?.reason.contains("sqlite or postgres") == true)
    }

    @Test(arguments: ["mysql", "mongodb", "sqlite4", String(repeating: "x", count: 10_000)])
    func unknownTypeNamesTheTypeKey(type: String) {
        let error = failure(type, "/tmp/x.db")
        #expect(error?.key == "database.type")
        #expect((error?.description.count ?? 0) < 200)
    }

    @Test(arguments: [("sqlite", nil), ("sqlite", ""), ("postgres", nil), ("postgres", " \n ")] as [(String, String?)])
    func missingURINamesTheURIKey(type: String, uri: String?) {
        #expect(failure(type, uri)?.key == "database.uri")
    }

    @Test(arguments: [
        "postgres://u:p@host/db",          // PostgreSQL URL with type sqlite
        "sqlite:///x.db?_txlock=immediate", // options the bridge sets itself
        "file:x.db?mode=ro",
        "file:///x.db#frag",
        "file://otherhost/x.db",
        "/var/lib/pontoon/",               // a folder
        "sqlite://",
        "sqlite:",
        "/tmp/a\u{0}b.db",                 // NUL
        "/tmp/a\nb.db",                    // newline
    ])
    func unusableSQLiteURIsAreRejectedNamingTheURIKey(uri: String) {
        #expect(failure("sqlite", uri)?.key == "database.uri")
    }

    @Test(arguments: [
        "/var/lib/pontoon/bridge.db",
        "mysql://u:p@host/db",
        "postgres://host/db",                       // no user
        "postgres://u@/db",                         // no host
        "postgres://u@host/db?sslmode=sometimes",   // unknown sslmode
        "postgres:no-slashes",
        "postgres://u@host:notaport/db",
        "postgres://u@host/db\u{7}",
    ])
    func unusablePostgresURLsAreRejectedNamingTheURIKey(uri: String) {
        #expect(failure("postgres", uri)?.key == "database.uri")
    }

    @Test func errorsNeverEchoThePassword() {
        for uri in ["postgres://u:hunter2@host/db?sslmode=bogus", "postgres://u:hunter2@host:99x/db"] {
            let error = failure("postgres", uri)
            #expect(error != nil)
            #expect(error?.description.contains("hunter2") == false)
        }
    }

    @Test func descriptionMasksThePassword() throws {
        let configuration = try parse("postgres", "postgres://bridge:hunter2@db.example.org:5432/pontoon")
        #expect(!configuration.description.contains("hunter2"))
        #expect(configuration.description.contains("db.example.org"))
    }
}
