/// The mapping profiles compiled into the binary: file name and UTF-8 text.
public enum BundledProfiles {
    /// The bundled profiles, in file-name order.
    public static let files: [(name: String, text: String)] = [
        (
            "document-register.yaml",
            String(decoding: PackageResources.document_register_yaml, as: UTF8.self)
        ),
        ("excel-de.yaml", String(decoding: PackageResources.excel_de_yaml, as: UTF8.self)),
        ("odoo.yaml", String(decoding: PackageResources.odoo_yaml, as: UTF8.self)),
        ("sharepoint.yaml", String(decoding: PackageResources.sharepoint_yaml, as: UTF8.self)),
    ]
}
