// swift-tools-version: 6.2
import Foundation
import PackageDescription

let package = Package(
    name: "qmsaudit",
    products: [
        .executable(name: "qmsaudit", targets: ["qmsaudit"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .target(name: "AuditModel"),
        .target(name: "JSONStream"),
        .target(
            name: "BoundedZip",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]),
        .target(name: "ImportTransport", dependencies: ["AuditModel"]),
        .target(
            name: "EvidenceFiles",
            dependencies: ["AuditModel", .product(name: "Crypto", package: "swift-crypto")]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        .target(name: "CAuditXML", dependencies: ["CLibXML2"]),
        .target(name: "AuditXML", dependencies: ["AuditModel", "CAuditXML"]),
        .target(
            name: "AuditChecklists",
            dependencies: ["AuditModel", .product(name: "Yams", package: "Yams")],
            path: "checklists",
            exclude: ["README.md"],
            resources: [
                .embedInCode("iso9001-2015.yaml"),
                .embedInCode("iso9001-2015-stage1.yaml"),
                .embedInCode("iso9001-2026-draft.yaml"),
            ]
        ),
        .target(
            name: "AuditReport",
            dependencies: [
                "AuditModel", "BoundedZip", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .target(
            name: "PostgresProgramme",
            dependencies: [
                "AuditModel", "AuditStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        .target(
            name: "AuditStore",
            dependencies: [
                "AuditModel", "ImportTransport", "JSONStream",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "ImportKit",
            dependencies: [
                "AuditModel", "ImportTransport", "MappingProfiles",
                .product(name: "Yams", package: "Yams"),
            ],
            path: "importers/ImportKit"),
        .target(
            name: "MappingProfiles", path: "importers/profiles",
            resources: [
                .embedInCode("document-register.yaml"), .embedInCode("excel-de.yaml"),
                .embedInCode("odoo.yaml"), .embedInCode("sharepoint.yaml"),
            ]),
        .target(
            name: "CSVImporter", dependencies: ["AuditModel", "ImportKit", "ImportTransport"],
            path: "importers/CSVImporter"),
        .target(
            name: "DirectoryImporter",
            dependencies: [
                "AuditModel", "ImportKit", "ImportTransport", "EvidenceFiles", "AuditXML",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "importers/DirectoryImporter"),
        .target(
            name: "XLSXImporter",
            dependencies: [
                "AuditModel", "ImportKit", "ImportTransport", "AuditXML", "BoundedZip",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            path: "importers/XLSXImporter"),
        .target(
            name: "XMLImporter",
            dependencies: [
                "AuditModel", "ImportKit", "ImportTransport", "AuditXML",
                .product(name: "Yams", package: "Yams"),
            ],
            path: "importers/XMLImporter"),
        .target(
            name: "SafetyCultureImporter",
            dependencies: [
                "AuditModel", "ImportKit", .product(name: "Yams", package: "Yams"),
            ],
            path: "importers/SafetyCultureImporter"),
        .target(
            name: "ProcessImporter", dependencies: ["AuditModel", "ImportKit", "ImportTransport"],
            path: "importers/ProcessImporter"),
        .target(
            name: "ImporterRegistry",
            dependencies: [
                "ImportKit", "CSVImporter", "DirectoryImporter", "ProcessImporter",
                "SafetyCultureImporter",
                "XLSXImporter", "XMLImporter",
            ],
            path: "importers/ImporterRegistry"),
        .target(
            name: "ImportSession",
            dependencies: ["AuditModel", "AuditStore", "ImportKit", "ImportTransport"]),
        .target(
            name: "AuditCommands",
            dependencies: [
                "AuditModel",
                "AuditChecklists",
                "AuditReport",
                "AuditStore",
                "PostgresProgramme",
                "EvidenceFiles",
                "ImportKit",
                "ImportSession",
                "ImporterRegistry",
                "CSVImporter",
                "DirectoryImporter",
                "XLSXImporter",
                "XMLImporter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "qmsaudit", dependencies: ["AuditCommands"]),
        .target(
            name: "AuditTestSupport",
            dependencies: ["AuditModel"],
            path: "Tests/AuditTestSupport"
        ),
        .testTarget(name: "AuditModelTests", dependencies: ["AuditModel", "AuditTestSupport"]),
        .testTarget(name: "JSONStreamTests", dependencies: ["JSONStream"]),
        .testTarget(
            name: "ImportTransportTests",
            dependencies: ["ImportTransport", "AuditModel", "AuditTestSupport"]),
        .testTarget(
            name: "ImportSessionTests",
            dependencies: [
                "ImportSession", "ImportKit", "ImportTransport", "AuditStore", "AuditChecklists",
                "CSVImporter", "DirectoryImporter", "AuditTestSupport",
            ]),
        .testTarget(
            name: "AuditChecklistsTests",
            dependencies: ["AuditChecklists", "AuditTestSupport"]
        ),
        .testTarget(
            name: "AuditReportTests",
            dependencies: [
                "AuditReport", "AuditModel", "AuditTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["__Snapshots__"]),
        .testTarget(
            name: "AuditStoreTests",
            dependencies: [
                "AuditStore", "AuditChecklists", "AuditTestSupport", "ImportTransport",
                "PostgresProgramme", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "AuditXMLTests", dependencies: ["AuditXML", "AuditModel", "AuditTestSupport"]),
        .testTarget(
            name: "XLSXImporterTests",
            dependencies: [
                "XLSXImporter", "ImportKit", "ImportTransport", "AuditModel", "AuditTestSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .testTarget(
            name: "XMLImporterTests",
            dependencies: [
                "XMLImporter", "ImportKit", "ImportTransport", "AuditModel", "AuditTestSupport",
            ]),
        .testTarget(
            name: "ImportKitTests",
            dependencies: ["ImportKit", "ImportTransport", "AuditTestSupport"]
        ),
        .testTarget(
            name: "ProcessImporterTests",
            dependencies: [
                "ProcessImporter", "ImportKit", "ImportTransport", "AuditModel", "AuditTestSupport",
            ]),
        .testTarget(
            name: "DirectoryImporterTests",
            dependencies: [
                "DirectoryImporter", "ImportKit", "ImportTransport", "EvidenceFiles", "AuditModel",
                "AuditTestSupport", "AuditChecklists",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]),
        .testTarget(
            name: "CSVImporterTests",
            dependencies: [
                "CSVImporter", "ImportKit", "ImportTransport", "AuditModel", "AuditTestSupport",
            ],
            exclude: ["__Snapshots__"]),
        .testTarget(
            name: "AuditCommandsTests",
            dependencies: [
                "AuditCommands", "AuditTestSupport", "ImportKit", "ImportTransport",
                "ImporterRegistry", "AuditReport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "qmsaudit", "AuditTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("InternalImportsByDefault"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}

// Fuzz targets, only when `make fuzz` builds them (with libFuzzer and the address sanitizer):
// each is a function libFuzzer calls, with no `main` of its own.
if ProcessInfo.processInfo.environment["QMSAUDIT_FUZZ"] != nil {
    package.targets.append(
        .target(
            name: "FuzzSupport", dependencies: ["AuditChecklists", "AuditModel"],
            path: "Fuzz/FuzzSupport"))
    let readers: [(String, [Target.Dependency])] = [
        ("FuzzCSV", ["CSVImporter", "ImportKit"]),
        ("FuzzChecklist", ["AuditChecklists"]),
        ("FuzzXML", ["XMLImporter", "ImportKit"]),
        ("FuzzXLSX", ["XLSXImporter", "ImportKit"]),
        ("FuzzPlugin", ["ProcessImporter", "ImportKit"]),
        ("FuzzPack", ["AuditReport"]),
        ("FuzzAuditJSON", ["AuditStore"]),
    ]
    for (name, dependencies) in readers {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: dependencies + ["FuzzSupport"], path: "Fuzz/\(name)"))
    }
}

// The team-load benchmark's client, only when benchmarks/run builds it.
if ProcessInfo.processInfo.environment["QMSAUDIT_BENCH_TOOLS"] != nil {
    package.targets.append(
        .executableTarget(
            name: "qmsaudit-team-load",
            dependencies: ["AuditModel", "AuditStore", "PostgresProgramme"],
            path: "benchmarks/TeamLoad"))
}
