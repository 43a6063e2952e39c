/// A server or process the tests start and must stop again, also when a test fails.
public protocol StoppableRig: Sendable {
    func stop() async
}

/// Runs `body` with `rig` and stops the rig afterwards, whether `body` succeeds or throws.
public func stopping<Rig: StoppableRig, T: Sendable>(_ rig: Rig, after body: (Rig) async throws -> T) async throws -> T {
    do {
        let result = try await body(rig)
        await rig.stop()
        return result
    } catch {
        await rig.stop()
        throw error
    }
}
