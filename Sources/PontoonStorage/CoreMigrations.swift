extension BridgeDatabase {
    /// Every migration of the bridge core, in version order. Append new ones at the end (see ``Migration``).
    public static let coreMigrations: [Migration] = [
        CoreMigration1.migration,
        CoreMigration2.migration,
        CoreMigration3.migration,
    ]
}
