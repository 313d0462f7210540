import AuditModel
import AuditTestSupport
import AuditXML
import Foundation
import Testing

/// Watches one file with inotify and tells whether anything opened it.
private final class OpenWatch {
    private let descriptor: Int32

    init(_ path: String) throws {
        descriptor = inotify_init1(Int32(IN_NONBLOCK))
        try #require(descriptor >= 0)
        try #require(inotify_add_watch(descriptor, path, UInt32(IN_OPEN) | UInt32(IN_ACCESS)) >= 0)
    }

    deinit { close(descriptor) }

    /// Whether the file was opened or read since the watch began.
    var wasOpened: Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(descriptor, &buffer, buffer.count)
        var offset = 0
        while count > 0, offset + 16 <= count {
            // struct inotify_event { int wd; uint32_t mask; uint32_t cookie; uint32_t len; … }
            let mask = buffer[offset + 4..<offset + 8].reversed().reduce(UInt32(0)) {
                $0 << 8 | UInt32($1)
            }
            if mask & (UInt32(IN_OPEN) | UInt32(IN_ACCESS)) != 0 { return true }
            let length = buffer[offset + 12..<offset + 16].reversed().reduce(0) {
                $0 << 8 | Int($1)
            }
            offset += 16 + length
        }
        return false
    }
}

/// A TCP port on 127.0.0.1 that counts the connections made to it.
private final class Listener {
    private let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(
            AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        self.descriptor = descriptor
        try #require(descriptor >= 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0)
        try #require(listen(descriptor, 8) == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(descriptor, $0, &length)
            }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }

    /// Whether anything connected (accept does not block: the socket is non-blocking).
    var wasContacted: Bool {
        let client = accept(descriptor, nil, nil)
        if client >= 0 { close(client) }
        return client >= 0
    }
}

/// The classic attacks on XML parsers, each against the reader's only configuration.
///
/// None may expand an entity, open a file or make a connection.
@Suite struct XMLAttackTests {
    static let secret = "root:x:0:0:SECRET-MARKER"

    enum Outcome: Equatable { case refused, readWithoutEntities }

    /// The two ways qmsaudit reads XML: the streaming reader (worksheets, element listings)
    /// and the SAX2 record scanner (`import xml`).
    enum Reader: CaseIterable, Sendable { case stream, records }

    /// Reads everything; returns whether the document was refused and all the text seen.
    private func attack(_ document: String, with kind: Reader) -> (
        Outcome, text: String, error: String
    ) {
        var text = ""
        do {
            switch kind {
            case .stream:
                let reader = try XMLStreamReader(bytes: Array(document.utf8), name: "attack.xml")
                while try reader.read() {
                    if reader.kind == .text || reader.kind == .cdata { text += reader.value }
                    if reader.kind == .element {
                        reader.forEachAttribute { _, _, value in text += value }
                    }
                }
            case .records:
                let folder = TemporaryDirectory()
                let path = folder.write("attack.xml", document)
                // Any element is a record: the root, with all the document's text in it.
                let scanner = try XMLRecordScanner(
                    path: path, record: [XMLStepSpec(name: "*")], anchored: true,
                    fields: [XMLFieldSpec(steps: [])])
                while try scanner.next() {
                    scanner.forEachValue { _, value, _, _ in text += value }
                }
            }
            return (.readWithoutEntities, text, "")
        } catch {
            return (.refused, text, "\(error)")
        }
    }

    private func fixture() throws -> (TemporaryDirectory, String, OpenWatch, Listener) {
        let folder = TemporaryDirectory()
        let secret = folder.write("passwd", Self.secret + "\n")
        return (folder, secret, try OpenWatch(secret), try Listener())
    }

    @Test(arguments: Reader.allCases) func billionLaughsIsRefusedQuickly(_ reader: Reader) throws {
        var entities = #"<!ENTITY lol "lol">"#
        for level in 1...9 {
            let previous = level == 1 ? "lol" : "lol\(level - 1)"
            entities +=
                "<!ENTITY lol\(level) \"" + String(repeating: "&\(previous);", count: 10)
                + "\">"
        }
        let (outcome, text, error) = attack(
            "<?xml version=\"1.0\"?><!DOCTYPE lolz [\(entities)]><lolz>&lol9;</lolz>",
            with: reader)
        #expect(outcome == .refused)
        #expect(text.isEmpty)
        #expect(error.contains("entities") || error.contains("entity"))
    }

    @Test(arguments: Reader.allCases) func quadraticBlowupIsRefused(_ reader: Reader) throws {
        let big = String(repeating: "a", count: 100_000)
        let refs = String(repeating: "&a;", count: 20_000)
        let (outcome, text, _) = attack(
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"\(big)\">]><r>\(refs)</r>",
            with: reader)
        #expect(outcome == .refused)
        #expect(text.isEmpty)
    }

    @Test(arguments: Reader.allCases) func externalEntityToAFileIsNeitherExpandedNorOpened(
        _ reader: Reader
    ) throws {
        let (folder, secret, watch, _) = try fixture()
        defer { withExtendedLifetime(folder) {} }
        let (outcome, text, error) = attack(
            """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY xxe SYSTEM "file://\(secret)">]>
            <r><title>&xxe;</title><a v="x"/></r>
            """, with: reader)
        #expect(outcome == .refused)
        #expect(!text.contains("SECRET-MARKER"))
        #expect(error.contains("declares or uses entities"))
        // The streaming reader reads ahead, so its line is approximate; SAX names the DOCTYPE's.
        let line = reader == .stream ? 3 : 2
        #expect(
            error.contains("attack.xml:\(line):1: error: the document declares or uses entities"))
        #expect(!watch.wasOpened)
    }

    @Test(arguments: Reader.allCases) func parameterEntityToAFileIsNotOpened(_ reader: Reader)
        throws
    {
        let (folder, secret, watch, _) = try fixture()
        defer { withExtendedLifetime(folder) {} }
        let (outcome, text, _) = attack(
            """
            <?xml version="1.0"?>
            <!DOCTYPE r [<!ENTITY % p SYSTEM "file://\(secret)"> %p;]>
            <r/>
            """, with: reader)
        #expect(outcome == .refused)
        #expect(!text.contains("SECRET-MARKER"))
        #expect(!watch.wasOpened)
    }

    @Test(arguments: Reader.allCases) func anExternalDTDIsNotLoaded(_ reader: Reader) throws {
        let (folder, secret, watch, _) = try fixture()
        defer { withExtendedLifetime(folder) {} }
        let (outcome, text, _) = attack(
            """
            <?xml version="1.0"?>
            <!DOCTYPE r SYSTEM "file://\(secret)">
            <r>plain</r>
            """, with: reader)
        // A DOCTYPE that declares nothing is harmless: the document reads, the DTD stays shut.
        #expect(outcome == .readWithoutEntities)
        #expect(text == "plain")
        #expect(!watch.wasOpened)
    }

    @Test(arguments: Reader.allCases) func networkEntitiesAndDTDsMakeNoConnection(_ reader: Reader)
        throws
    {
        let (folder, _, _, listener) = try fixture()
        defer { withExtendedLifetime(folder) {} }
        let url = "http://127.0.0.1:\(listener.port)/evil"
        let (entity, entityText, _) = attack(
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"\(url).xml\">]><r>&x;</r>",
            with: reader)
        let (dtd, _, _) = attack(
            "<?xml version=\"1.0\"?><!DOCTYPE r SYSTEM \"\(url).dtd\"><r/>", with: reader)
        let (parameter, _, _) = attack(
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \"\(url).dtd\"> %p;]><r/>",
            with: reader)
        #expect(entity == .refused)
        #expect(entityText.isEmpty)
        #expect(dtd == .readWithoutEntities)
        #expect(parameter == .refused)
        #expect(!listener.wasContacted)
    }

    @Test(arguments: Reader.allCases) func anUndeclaredEntityIsAnErrorNotAnExpansion(
        _ reader: Reader
    ) throws {
        let (outcome, text, error) = attack("<r>&nbsp;</r>", with: reader)
        #expect(outcome == .refused)
        #expect(text.isEmpty)
        #expect(error.contains("Entity 'nbsp' not defined"))
    }

    /// An attribute default declared in an internal DTD subset would give a record values its
    /// file never wrote: any declaration there is refused, as entity declarations are.
    @Test(arguments: Reader.allCases) func internalDTDDeclarationsAreRefused(_ reader: Reader)
        throws
    {
        for subset in [
            #"<!ATTLIST r id CDATA "def">"#, "<!ELEMENT r (#PCDATA)>",
            #"<!NOTATION n SYSTEM "x">"#,
        ] {
            let (outcome, text, error) = attack(
                "<?xml version=\"1.0\"?><!DOCTYPE r [\(subset)]><r>kept</r>", with: reader)
            #expect(outcome == .refused, "\(subset)")
            #expect(!text.contains("def"))
            #expect(error.contains("the document has a DOCTYPE with declarations"), "\(error)")
        }
        // A DOCTYPE naming only an external DTD (never loaded) is read as before.
        let (outcome, text, _) = attack(
            #"<?xml version="1.0"?><!DOCTYPE r SYSTEM "r.dtd"><r>kept</r>"#, with: reader)
        #expect(outcome == .readWithoutEntities)
        #expect(text == "kept")
    }
}
