import AuditModel
import AuditTestSupport
import AuditXML
import Foundation
import Testing

/// Every node of `text`, as `kind depth name value`.
private func nodes(_ text: String) throws -> [String] {
    let reader = try XMLStreamReader(bytes: Array(text.utf8), name: "test.xml")
    var seen: [String] = []
    while try reader.read() {
        switch reader.kind {
        case .element:
            var attributes: [String] = []
            reader.forEachAttribute { _, namespace, value in
                attributes.append((namespace.map { "{\($0)}" } ?? "") + value)
            }
            seen.append(
                "<\(reader.depth) \(reader.namespaceURI.map { "{\($0)}" } ?? "")\(reader.localName)"
                    + (attributes.isEmpty ? "" : " " + attributes.joined(separator: ","))
                    + (reader.isEmptyElement ? "/" : "") + ">")
        case .endElement: seen.append("</\(reader.depth) \(reader.localName)>")
        case .text: seen.append("text \(reader.value)")
        case .cdata: seen.append("cdata \(reader.value)")
        case .whitespace, .other: break
        }
    }
    return seen
}

@Suite struct XMLStreamReaderTests {
    @Test func readsElementsAttributesTextCDATAAndNamespaces() throws {
        let seen = try nodes(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <export xmlns="urn:x" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <doc id="QP-7.5">
                <dc:title>Control &amp; approval</dc:title>
                <body><![CDATA[<p>Clause 7.5</p>]]></body>
                <empty/>
              </doc>
            </export>
            """)
        let xmlns = "http://www.w3.org/2000/xmlns/"
        #expect(
            seen == [
                "<0 {urn:x}export {\(xmlns)}urn:x,{\(xmlns)}http://purl.org/dc/elements/1.1/>",
                "<1 {urn:x}doc QP-7.5>",
                "<2 {http://purl.org/dc/elements/1.1/}title>", "text Control & approval",
                "</2 title>",
                "<2 {urn:x}body>", "cdata <p>Clause 7.5</p>", "</2 body>",
                "<2 {urn:x}empty/>",
                "</1 doc>", "</0 export>",
            ])
    }

    @Test func internedNamesCompareByIdentity() throws {
        let reader = try XMLStreamReader(bytes: Array("<a><b/><a/></a>".utf8), name: "t.xml")
        let a = reader.intern("a")
        var matches = 0
        while try reader.read() {
            if reader.kind == .element && reader.name == a { matches += 1 }
        }
        #expect(matches == 2)
        #expect(reader.intern("b") != a)
    }

    @Test func readsOtherEncodingsItDeclares() throws {
        var bytes = Array(#"<?xml version="1.0" encoding="windows-1252"?><t>Gr"#.utf8)
        bytes += [0xFC, 0xDF, 0x80]  // ü ß €
        bytes += Array("</t>".utf8)
        let reader = try XMLStreamReader(bytes: bytes, name: "t.xml")
        var text = ""
        while try reader.read() {
            if reader.kind == .text { text += reader.value }
        }
        #expect(text == "Grüß€")
    }

    @Test func malformedDocumentsAreDiagnosedWithLineAndColumn() throws {
        let error = #expect(throws: XMLReadError.self) {
            _ = try nodes("<register>\n  <doc><title>Manual</titel></doc>\n</register>\n")
        }
        let first = try #require(error?.diagnostics.first)
        #expect(first.severity == .error)
        #expect(first.message.contains("Opening and ending tag mismatch: title line 2 and titel"))
        #expect(first.location?.path == "test.xml")
        #expect(first.location?.line == 2)
        #expect((first.location?.column ?? 0) > 1)
        #expect(
            error?.description.hasPrefix("'test.xml' cannot be read as XML:\ntest.xml:2:") == true)
    }

    @Test func aTruncatedFileIsAnError() throws {
        #expect(throws: XMLReadError.self) { _ = try nodes("<register><doc>") }
        #expect(throws: XMLReadError.self) { _ = try nodes("") }
    }

    @Test func aMissingFileOrAFolderIsAnError() throws {
        let folder = TemporaryDirectory()
        let missing = #expect(throws: XMLReadError.self) {
            _ = try XMLStreamReader(path: folder.path + "/none.xml")
        }
        #expect(missing?.description.contains("No such file or directory") == true)
        let isFolder = #expect(throws: XMLReadError.self) {
            _ = try XMLStreamReader(path: folder.path)
        }
        #expect(isFolder?.description.contains("is a folder") == true)
    }

    @Test func theOptionsAreNONETAndNothingDangerous() {
        let nonet = 1 << 11  // XML_PARSE_NONET
        let noent = 1 << 1
        let dtdload = 1 << 2
        let huge = 1 << 19
        #expect(XMLStreamReader.options == nonet)
        #expect(XMLStreamReader.options & XMLStreamReader.forbiddenOptions == 0)
        for flag in [noent, dtdload, huge] {
            #expect(XMLStreamReader.forbiddenOptions & flag == flag)
            #expect(XMLStreamReader.options & flag == 0)
        }
        #expect(XMLStreamReader.libxmlVersion.hasPrefix("2."))
    }
}
