public import AuditModel

/// Why a pack could not be written or read.
public enum PackError: QMSAuditError {
    /// A file could not be written.
    case cannotWrite(path: String, reason: String)
    /// A file could not be read.
    case cannotRead(path: String, reason: String)
    /// The pack is too big for a ZIP file without the ZIP64 extension.
    case tooBigForZip(String)
    /// The output folder exists and is not a pack qmsaudit wrote.
    case notAPackFolder(path: String)
    /// The file or folder is not a qmsaudit pack.
    case notAPack(path: String, reason: String)
    /// The audit changed while the pack was written (another command wrote to it).
    case auditChanged
    /// Entries refused before anything is read, and why.
    case unsafeEntries(path: String, entries: [String], reason: UnsafeReason)

    /// Why a pack's entries are refused.
    public enum UnsafeReason: Sendable {
        /// Absolute paths or `..`: they would land outside the folder they are extracted to.
        case outside
        /// Symbolic links (or devices, pipes): what they point to is not part of the pack.
        case notRegular
    }

    /// A sentence for the user.
    public var description: String {
        switch self {
        case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
        case .cannotRead(let path, let reason): "cannot read \(path): \(reason)"
        case .tooBigForZip(let what):
            "the pack is too big for a ZIP file (\(what)); write the folder only (--out DIR)"
        case .notAPackFolder(let path):
            "\(path) exists and is not a qmsaudit pack (no manifest.json); choose another folder"
                + " or empty it"
        case .notAPack(let path, let reason): "\(path) is not a qmsaudit pack: \(reason)"
        case .auditChanged:
            "the audit changed while the pack was written (another command wrote to it);"
                + " nothing was written: run pack again"
        case .unsafeEntries(let path, let entries, .outside):
            "\(path) refused: entries with absolute paths or '..' would be written outside the"
                + " folder they are extracted to: " + entries.prefix(10).joined(separator: ", ")
        case .unsafeEntries(let path, let entries, .notRegular):
            "\(path) refused: symbolic links (or other entries that are not regular files or"
                + " folders) point outside what the manifest can vouch for: "
                + entries.prefix(10).joined(separator: ", ")
        }
    }
}
