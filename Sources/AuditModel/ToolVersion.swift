/// The version of qmsaudit, the one place it is written.
///
/// `qmsaudit --version` prints it; audit files and packs record it.
public enum ToolVersion {
    /// The release, in semantic-versioning form.
    public static let current = "0.1.0"
}
