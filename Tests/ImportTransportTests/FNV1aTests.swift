import AuditModel
import ImportTransport
import Testing

@Suite struct FNV1aTests {
    /// The published test vectors of 64-bit FNV-1a, so fingerprints stored in audit files
    /// stay the same from release to release.
    @Test(arguments: [
        ("", 0xcbf2_9ce4_8422_2325 as UInt64), ("a", 0xaf63_dc4c_8601_ec8c),
        ("foobar", 0x8594_4171_f739_67e8),
    ])
    func matchesThePublishedVectors(text: String, expected: UInt64) {
        var hash = FNV1a()
        hash.add(text)
        #expect(hash.value == expected)
    }
}
