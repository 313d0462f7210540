/// The checklists compiled into the binary, so an installed qmsaudit needs no data folder.
enum BundledChecklists {
    /// File name and UTF-8 text of each bundled checklist, base checklists first.
    static let files: [(name: String, text: String)] = [
        ("iso9001-2015.yaml", String(decoding: PackageResources.iso9001_2015_yaml, as: UTF8.self)),
        (
            "iso9001-2015-stage1.yaml",
            String(decoding: PackageResources.iso9001_2015_stage1_yaml, as: UTF8.self)
        ),
        (
            "iso9001-2026-draft.yaml",
            String(decoding: PackageResources.iso9001_2026_draft_yaml, as: UTF8.self)
        ),
    ]
}
