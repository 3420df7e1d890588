/// The page inside a single-file web archive (`.mht`, `.mhtml`): a MIME message whose first
/// `text/html` part is the page, the rest its images and styles. Browsers write the page
/// quoted-printable (Chromium, IE) or base64; the part's `charset` says how its bytes are encoded.
struct WebArchivePage: Sendable, Hashable {
    var html: [UInt8]
    /// The `charset` parameter of the part's content type, when it has one.
    var charset: String?

    /// The page, or why the message holds none.
    static func read(_ bytes: [UInt8]) -> Result<WebArchivePage, WebArchiveError> {
        guard let (headers, bodyStart) = MIMEHeaders.parse(bytes, from: 0) else { return .failure(.noHeader) }
        let type = headers.contentType
        if type.value.hasPrefix("text/html") {
            return .success(WebArchivePage(html: decode(bytes[bodyStart...], transfer: headers["content-transfer-encoding"]),
                                           charset: type.parameters["charset"]))
        }
        guard type.value.hasPrefix("multipart/"), let boundary = type.parameters["boundary"], !boundary.isEmpty else {
            return .failure(.notMultipart(type.value))
        }
        for part in parts(of: bytes[bodyStart...], boundary: Array("--\(boundary)".utf8)) {
            guard let (partHeaders, contentStart) = MIMEHeaders.parse(bytes, from: part.lowerBound), contentStart <= part.upperBound else { continue }
            let partType = partHeaders.contentType
            guard partType.value.hasPrefix("text/html") else { continue }
            return .success(WebArchivePage(html: decode(bytes[contentStart..<part.upperBound], transfer: partHeaders["content-transfer-encoding"]),
                                           charset: partType.parameters["charset"]))
        }
        return .failure(.noHTMLPart)
    }

    /// The byte ranges of the parts between boundary lines (`--boundary` at a line's start; the
    /// closing `--boundary--` ends the last).
    private static func parts(of body: ArraySlice<UInt8>, boundary: [UInt8]) -> [Range<Int>] {
        var delimiters: [(start: Int, end: Int)] = []
        var index = body.startIndex
        while index + boundary.count <= body.endIndex {
            let atLineStart = index == body.startIndex || body[index - 1] == 0x0A
            if atLineStart, body[index] == 0x2D, body[index..<index + boundary.count].elementsEqual(boundary) {
                var lineEnd = index + boundary.count
                while lineEnd < body.endIndex, body[lineEnd] != 0x0A { lineEnd += 1 }
                delimiters.append((index, min(lineEnd + 1, body.endIndex)))
                index = lineEnd
            } else {
                index += 1
            }
        }
        return zip(delimiters, delimiters.dropFirst()).map { previous, next in
            // The line break before a delimiter belongs to the delimiter.
            var end = next.start
            if end > previous.end, body[end - 1] == 0x0A { end -= 1 }
            if end > previous.end, body[end - 1] == 0x0D { end -= 1 }
            return previous.end..<end
        }
    }

    private static func decode(_ content: ArraySlice<UInt8>, transfer: String?) -> [UInt8] {
        switch transfer?.lowercased() {
        case "quoted-printable": decodeQuotedPrintable(content)
        case "base64": decodeBase64(content)
        default: Array(content)
        }
    }

    /// `=XX` is a byte, `=` at a line's end a soft break; anything else (a stray `=`) is kept.
    static func decodeQuotedPrintable(_ content: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(content.count)
        var index = content.startIndex
        while index < content.endIndex {
            let byte = content[index]
            guard byte == 0x3D else { result.append(byte); index += 1; continue }
            var next = index + 1
            while next < content.endIndex, content[next] == 0x20 || content[next] == 0x09 { next += 1 }
            if next < content.endIndex, content[next] == 0x0A {
                index = next + 1
            } else if next + 1 < content.endIndex, content[next] == 0x0D, content[next + 1] == 0x0A {
                index = next + 2
            } else if index + 2 < content.endIndex, let high = hexValue(content[index + 1]), let low = hexValue(content[index + 2]) {
                result.append(high << 4 | low)
                index += 3
            } else {
                result.append(byte)
                index += 1
            }
        }
        return result
    }

    /// Base64 with line breaks and any other stray bytes passed over; stops at padding.
    static func decodeBase64(_ content: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(content.count / 4 * 3)
        var accumulator: UInt32 = 0
        var bits = 0
        for byte in content {
            if byte == 0x3D { break }
            guard let value = base64Value(byte) else { continue }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                result.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return result
    }
}

enum WebArchiveError: Error, Hashable {
    case noHeader
    case notMultipart(String)
    case noHTMLPart

    var reason: String {
        switch self {
        case .noHeader: "a web archive (MHT) without a MIME header"
        case .notMultipart(let type): "a web archive (MHT) whose content type is \(type.isEmpty ? "missing" : type), not multipart/related"
        case .noHTMLPart: "a web archive (MHT) without an HTML page in it"
        }
    }
}

/// A MIME header block: field names lowercased, folded lines joined.
struct MIMEHeaders {
    private var fields: [String: String] = [:]

    subscript(name: String) -> String? { fields[name] }

    /// The headers from `start` up to the first empty line, and where the content begins; nil
    /// when no header line is there. A header block has no business past 64 KiB.
    static func parse(_ bytes: [UInt8], from start: Int) -> (MIMEHeaders, Int)? {
        var headers = MIMEHeaders()
        var lastName: String?
        var index = start
        let limit = min(bytes.count, start + 65_536)
        while index < limit {
            var lineEnd = index
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var line = bytes[index..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            index = min(lineEnd + 1, bytes.count)
            if line.isEmpty { return headers.fields.isEmpty ? nil : (headers, index) }
            let text = String(decoding: line, as: UTF8.self)
            if let first = line.first, first == 0x20 || first == 0x09, let name = lastName {
                headers.fields[name, default: ""] += " " + text.trimmingASCIISpaces()
            } else if let colon = text.firstIndex(of: ":") {
                let name = text[..<colon].lowercased().trimmingASCIISpaces()
                headers.fields[name] = String(text[text.index(after: colon)...]).trimmingASCIISpaces()
                lastName = name
            }
        }
        return headers.fields.isEmpty ? nil : (headers, index)
    }

    /// `Content-Type`: the lowercased type and its parameters (names lowercased, quotes removed).
    var contentType: (value: String, parameters: [String: String]) {
        let pieces = (fields["content-type"] ?? "").split(separator: ";", omittingEmptySubsequences: true)
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].lowercased().trimmingASCIISpaces()
            var value = String(piece[piece.index(after: equals)...]).trimmingASCIISpaces()
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            parameters[name] = value
        }
        return ((pieces.first.map(String.init) ?? "").lowercased().trimmingASCIISpaces(), parameters)
    }
}

extension StringProtocol {
    func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

private func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x30...0x39: byte - 0x30
    case 0x41...0x46: byte - 0x41 + 10
    case 0x61...0x66: byte - 0x61 + 10
    default: nil
    }
}

private func base64Value(_ byte: UInt8) -> UInt8? {
    switch byte {
    case 0x41...0x5A: byte - 0x41
    case 0x61...0x7A: byte - 0x61 + 26
    case 0x30...0x39: byte - 0x30 + 52
    case 0x2B, 0x2D: 62
    case 0x2F, 0x5F: 63
    default: nil
    }
}
