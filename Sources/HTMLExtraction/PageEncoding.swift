#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a page's bytes are encoded, and the page decoded to UTF-8 for libxml2.
///
/// Chinese government sites serve UTF-8 or GBK (declared as `gbk`, `gb2312`, `gb18030`, or not at
/// all). Every GB encoding is read as GB18030, their superset: pages declared `gb2312` carry GBK
/// characters (名字 outside GB2312 such as 堃, 珺) that a strict GB2312 decoder would drop. A page
/// that declares nothing is UTF-8 when its bytes are valid UTF-8 and GB18030 otherwise; so is a
/// page declared UTF-8 whose bytes are not (a template's header pasted over a GBK article).
enum PageEncoding {
    static let utf8 = "UTF-8"
    static let gb18030 = "GB18030"

    /// How far into the page a `<meta>` declaration is looked for (browsers look at 1,024 bytes;
    /// sites put long scripts and comments before it).
    static let declarationWindow = 8_192

    static func name(of page: [UInt8], declared archiveCharset: String? = nil) -> String {
        if page.starts(with: [0xEF, 0xBB, 0xBF]) { return utf8 }
        let declared = (archiveCharset ?? declaredCharset(page)).map(normalized)
        switch declared {
        case utf8?, nil:
            return isValidUTF8(page) ? utf8 : gb18030
        case let other?:
            return other
        }
    }

    /// The charset of a `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…;
    /// charset=…">` near the page's start.
    static func declaredCharset(_ page: [UInt8]) -> String? {
        let window = ArraySlice(page.prefix(declarationWindow).map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 })
        let meta = Array("<meta".utf8), charset = Array("charset".utf8)
        var index = 0
        while let start = firstIndex(of: meta, in: window, from: index) {
            let end = window[start...].firstIndex(of: UInt8(ascii: ">")) ?? window.endIndex
            if let found = firstIndex(of: charset, in: window[..<end], from: start) {
                var position = found + charset.count
                while position < end, window[position] == 0x20 { position += 1 }
                if position < end, window[position] == UInt8(ascii: "=") {
                    position += 1
                    while position < end, [0x20, 0x22, 0x27].contains(window[position]) { position += 1 }
                    let nameEnd = window[position..<end].firstIndex { !isCharsetCharacter($0) } ?? end
                    if nameEnd > position { return String(decoding: window[position..<nameEnd], as: UTF8.self) }
                }
            }
            index = end
        }
        return nil
    }

    /// The name libxml2 (through iconv) is to decode a declared charset with.
    static func normalized(_ charset: String) -> String {
        switch charset.lowercased() {
        case "utf-8", "utf8", "unicode-1-1-utf-8": utf8
        case "gbk", "gb2312", "gb_2312-80", "gb18030", "x-gbk", "cp936", "windows-936", "euc-cn", "csgb2312", "chinese", "iso-ir-58": gb18030
        case let other: other.uppercased()
        }
    }

    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        String(validating: bytes, as: UTF8.self) != nil
    }

    private static func isCharsetCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
    }

    /// Where `needle` first occurs in `haystack` at or after `start`.
    private static func firstIndex(of needle: [UInt8], in haystack: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = max(start, haystack.startIndex)
        while index + needle.count <= haystack.endIndex {
            if haystack[index] == needle[0], haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

extension PageEncoding {
    /// The page as UTF-8 for libxml2: from the encoding `name(of:declared:)` finds, or, when iconv
    /// does not know a declared one, from what the bytes look like.
    static func utf8Page(_ page: [UInt8], declared archiveCharset: String? = nil) -> [UInt8] {
        let body = page.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(page.dropFirst(3)) : page
        let encoding = name(of: page, declared: archiveCharset)
        if encoding == utf8 { return body }
        return transcode(body, from: encoding) ?? (isValidUTF8(body) ? body : transcode(body, from: gb18030) ?? body)
    }

    /// The bytes decoded from `encoding` by iconv, as UTF-8. A byte sequence the encoding does not
    /// have (a GBK page cut mid-character, a stray byte) becomes U+FFFD and the decoding goes on:
    /// libxml2, decoding by itself, stops the page at the first one. Nil when iconv does not know
    /// the encoding.
    static func transcode(_ bytes: [UInt8], from encoding: String) -> [UInt8]? {
        let converter = iconv_open("UTF-8", encoding)
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count * 3 / 2)
        var chunk = [UInt8](repeating: 0, count: 65_536)
        bytes.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            var consumed = 0
            while consumed < source.count {
                var input: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base + consumed).assumingMemoryBound(to: CChar.self)
                var inputLeft = source.count - consumed
                var outputLeft = chunk.count
                let status = chunk.withUnsafeMutableBytes { target in
                    var output: UnsafeMutablePointer<CChar>? = target.baseAddress?.assumingMemoryBound(to: CChar.self)
                    return iconv(converter, &input, &inputLeft, &output, &outputLeft)
                }
                result.append(contentsOf: chunk[0..<chunk.count - outputLeft])
                consumed = source.count - inputLeft
                if status == -1, errno != E2BIG {
                    // EILSEQ, or EINVAL for a sequence cut short at the end: one byte replaced, and on.
                    result += [0xEF, 0xBF, 0xBD]
                    consumed += 1
                }
            }
        }
        return result
    }
}
