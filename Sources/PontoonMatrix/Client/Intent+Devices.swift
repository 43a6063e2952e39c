/// Devices (MSC4190: appservices create their users' devices without logging in).
extension Intent {
    /// Whether ``Intent/putDevice(id:displayName:)`` created the device or found it.
    public enum DeviceCreation: Sendable, Hashable {
        case created
        case existed
    }

    /// Creates this user's device `id`, or updates its display name when it exists
    /// (`201` created, `200` existed).
    @discardableResult
    public func putDevice(id: String, displayName: String? = nil) async throws -> DeviceCreation {
        let body: JSONValue = displayName.map { ["display_name": .string($0)] } ?? [:]
        // The device is addressed in the path; acting *through* a device here would be circular.
        let request = HomeserverRequest(
            method: .PUT, path: MatrixPath.client("v3", "devices", id),
            query: withDevice(nil).identityQuery(), body: .json(try MatrixJSON.encode(body)), endpoint: "device",
            retryClass: .idempotent)
        let response = try await client.perform(request)
        return response.statusCode == 201 ? .created : .existed
    }
}
