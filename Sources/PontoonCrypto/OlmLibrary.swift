import COlm

/// The libolm build the bridge links against.
public enum OlmLibrary {
    /// `major.minor.patch` as libolm reports it.
    public static var version: String {
        var major: UInt8 = 0, minor: UInt8 = 0, patch: UInt8 = 0
        olm_get_library_version(&major, &minor, &patch)
        return "\(major).\(minor).\(patch)"
    }
}
