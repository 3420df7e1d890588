import Foundation

/// A file of the inbox to process: its path as the file system has it (bytes, which need not be
/// UTF-8) and the name it is shown and recorded under.
struct InboxFile: Sendable, Hashable, Codable {
    var path: [UInt8]
    /// The path as text: itself when it is UTF-8, else with each byte that is not as `\xNN` (and
    /// `\` as `\\`), so that two names never show alike.
    var name: String

    init(path: [UInt8]) {
        self.path = path
        name = escapedName(path)
    }
}

/// An entry under the inbox that is not processed, and why: nothing is skipped in silence.
struct SkippedEntry: Sendable, Hashable {
    var name: String
    var reason: String
}

/// The formats the batch reads (PDF, DOCX, web pages and web archives) and the legacy ones it
/// converts or names (Word 97, WPS, ET).
let inboxExtensions: Set<String> = ["pdf", "docx", "html", "htm", "mht", "mhtml", "doc", "wps", "et"]

/// Walks the inbox with the file system's own calls, so that names that are not UTF-8, unreadable
/// folders, links and FIFOs are seen rather than passed over: every regular file with a report's
/// extension is returned, sorted by name; every other entry is returned as skipped, with its reason.
func scanInbox(_ inbox: String) throws -> (files: [InboxFile], skipped: [SkippedEntry]) {
    var files: [InboxFile] = []
    var skipped: [SkippedEntry] = []
    var folders: [[UInt8]] = [Array(inbox.utf8)]
    var isRoot = true
    while let folder = folders.popLast() {
        guard let directory = opendir(cPath(folder)) else {
            let reason = String(cString: strerror(errno))
            if isRoot { throw CocoaError(.fileReadNoPermission, userInfo: [NSFilePathErrorKey: inbox, NSLocalizedDescriptionKey: "cannot read the inbox \(inbox): \(reason)"]) }
            skipped.append(SkippedEntry(name: escapedName(folder), reason: "unreadable folder: \(reason)"))
            continue
        }
        isRoot = false
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            guard name != Array(".".utf8), name != Array("..".utf8) else { continue }
            let path = folder + Array("/".utf8) + name
            var info = stat()
            guard lstat(cPath(path), &info) == 0 else {
                skipped.append(SkippedEntry(name: escapedName(path), reason: String(cString: strerror(errno))))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: folders.append(path)
            case S_IFREG:
                let file = InboxFile(path: path)
                if let reason = reasonNotRead(fileName: name) {
                    skipped.append(SkippedEntry(name: file.name, reason: reason))
                } else {
                    files.append(file)
                }
            case S_IFLNK: skipped.append(SkippedEntry(name: escapedName(path), reason: "a symbolic link: not followed"))
            case S_IFIFO: skipped.append(SkippedEntry(name: escapedName(path), reason: "not a regular file: a FIFO"))
            case S_IFSOCK: skipped.append(SkippedEntry(name: escapedName(path), reason: "not a regular file: a socket"))
            default: skipped.append(SkippedEntry(name: escapedName(path), reason: "not a regular file: a device"))
            }
        }
    }
    return (files.sorted { $0.path.lexicographicallyPrecedes($1.path) }, skipped.sorted { $0.name < $1.name })
}

/// Why a regular file of the inbox is not read, from its name; nil when it is read.
private func reasonNotRead(fileName: [UInt8]) -> String? {
    // Hidden files are editors' locks and the desktop's notes (.~lock.x.docx#, .DS_Store).
    if fileName.first == UInt8(ascii: ".") { return "a hidden file" }
    return inboxExtensions.contains(fileExtension(escapedName(fileName))) ? nil : "not a PDF, DOCX, HTML, MHT, DOC, WPS or ET file"
}

/// A path's bytes as the NUL-terminated C string the file system calls take.
func cPath(_ bytes: [UInt8]) -> [CChar] {
    bytes.map { CChar(bitPattern: $0) } + [0]
}

/// A path's bytes as text: unchanged when they are UTF-8; else each byte that is not as `\xNN`,
/// and `\` as `\\`, so that the text names exactly one byte sequence.
func escapedName(_ bytes: [UInt8]) -> String {
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    var result = ""
    var index = 0
    while index < bytes.count {
        let length = utf8SequenceLength(bytes, at: index)
        if length > 0, let character = String(validating: bytes[index..<index + length], as: UTF8.self) {
            result += character == "\\" ? "\\\\" : character
            index += length
        } else {
            result += String(format: "\\x%02X", bytes[index])
            index += 1
        }
    }
    return result
}

/// The length of the UTF-8 sequence that the lead byte at `index` announces, when that many bytes
/// follow; 0 for a byte that cannot start one.
private func utf8SequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
    let lead = bytes[index]
    let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
    return length > 0 && index + length <= bytes.count ? length : 0
}

/// Text for one log line: control characters (a newline in a file name would forge a line, an
/// escape sequence would drive the terminal) shown as `\u{…}`.
func logSafe(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        if scalar.properties.generalCategory == .control {
            result += "\\u{\(String(scalar.value, radix: 16))}"
        } else {
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}
