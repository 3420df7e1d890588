import CZip
import Foundation

/// Files the tests write at run time rather than commit: DOCX archives from their parts, and paths
/// in the temporary directory.
enum TestFiles {
    static let wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    /// A `word/document.xml` of `body` (WordprocessingML under `w:body`).
    static func documentXML(body: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w=""# + wordNamespace + #""><w:body>"#
            + body + "</w:body></w:document>"
    }

    static func temporaryPath(_ ext: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gongkai-test-\(UUID().uuidString).\(ext)").path
    }

    /// Writes a real, deflated zip with libzip, as Word would write it.
    static func writeZip(_ entries: [(name: String, bytes: [UInt8])], to path: String) throws {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &code) else { throw CocoaError(.fileWriteUnknown) }
        // libzip reads the buffers at zip_close, so they stay alive until then.
        let buffers = entries.map { entry in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(entry.bytes.count, 1), alignment: 1)
            buffer.copyBytes(from: entry.bytes)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        for (entry, buffer) in zip(entries, buffers) {
            guard let source = zip_source_buffer(archive, buffer.baseAddress, zip_uint64_t(entry.bytes.count), 0),
                  zip_file_add(archive, entry.name, source, zip_flags_t(ZIP_FL_ENC_UTF_8)) >= 0 else {
                zip_discard(archive)
                throw CocoaError(.fileWriteUnknown)
            }
        }
        guard zip_close(archive) == 0 else {
            zip_discard(archive)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// A DOCX in memory whose only part is `word/document.xml` of `body`.
    static func docx(body: String) throws -> Data {
        try zipData([("word/document.xml", Array(documentXML(body: body).utf8))])
    }

    static func zipData(_ entries: [(name: String, bytes: [UInt8])]) throws -> Data {
        let path = temporaryPath("zip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try writeZip(entries, to: path)
        return try Data(contentsOf: URL(fileURLWithPath: path))
    }

    /// A zip whose entry `stand-in` is renamed `name` in its bytes (local header and central
    /// directory): libzip will not write two entries of one name, and a hostile archive has them.
    /// The two names must be of one length.
    static func zipData(_ entries: [(name: String, bytes: [UInt8])], renaming standIn: String, to name: String) throws -> [UInt8] {
        var bytes = [UInt8](try zipData(entries))
        let (from, to) = (Array(standIn.utf8), Array(name.utf8))
        var index = 0
        while index + from.count <= bytes.count {
            if bytes[index..<index + from.count].elementsEqual(from) { bytes.replaceSubrange(index..<index + from.count, with: to) }
            index += 1
        }
        return bytes
    }

    /// Every entry of a zip archive, in order, inflated.
    static func zipEntries(of path: String) throws -> [(name: String, bytes: [UInt8])] {
        var code: Int32 = 0
        guard let archive = zip_open(path, ZIP_RDONLY, &code) else { throw CocoaError(.fileReadCorruptFile) }
        defer { zip_discard(archive) }
        var entries: [(name: String, bytes: [UInt8])] = []
        for index in 0..<zip_uint64_t(max(0, zip_get_num_entries(archive, 0))) {
            var stat = zip_stat_t()
            guard zip_stat_index(archive, index, 0, &stat) == 0, let name = stat.name,
                  let file = zip_fopen_index(archive, index, 0) else { throw CocoaError(.fileReadCorruptFile) }
            defer { zip_fclose(file) }
            var bytes = [UInt8](repeating: 0, count: Int(stat.size))
            let read = bytes.withUnsafeMutableBytes { zip_fread(file, $0.baseAddress, zip_uint64_t($0.count)) }
            guard read == Int64(bytes.count) else { throw CocoaError(.fileReadCorruptFile) }
            entries.append((String(cString: name), bytes))
        }
        return entries
    }

    /// A minimal OLE2 compound file (version 3, 512-byte sectors) holding empty streams of these
    /// names: a FAT sector, then one directory sector. Enough for what reads stream names, as a
    /// password-protected DOCX (`EncryptionInfo`, `EncryptedPackage`) or a `.doc` (`WordDocument`).
    static func compoundFile(streams: [String]) -> [UInt8] {
        precondition(streams.count <= 3, "one directory sector holds the root and three streams")
        func put(_ value: UInt32, at offset: Int, in bytes: inout [UInt8]) {
            for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> (8 * index)) }
        }
        func put16(_ value: UInt16, at offset: Int, in bytes: inout [UInt8]) {
            bytes[offset] = UInt8(truncatingIfNeeded: value)
            bytes[offset + 1] = UInt8(truncatingIfNeeded: value >> 8)
        }
        let (free, endOfChain, fatSector, noStream): (UInt32, UInt32, UInt32, UInt32) = (0xFFFF_FFFF, 0xFFFF_FFFE, 0xFFFF_FFFD, 0xFFFF_FFFF)
        var header = [UInt8](repeating: 0, count: 512)
        header.replaceSubrange(0..<8, with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        put16(0x003E, at: 24, in: &header)
        put16(3, at: 26, in: &header)
        put16(0xFFFE, at: 28, in: &header)
        put16(9, at: 30, in: &header)
        put16(6, at: 32, in: &header)
        put(1, at: 44, in: &header)          // one FAT sector
        put(1, at: 48, in: &header)          // the directory starts at sector 1
        put(4096, at: 56, in: &header)
        put(endOfChain, at: 60, in: &header) // no mini FAT
        put(endOfChain, at: 68, in: &header) // no DIFAT sectors
        put(0, at: 76, in: &header)          // the FAT is sector 0
        for offset in stride(from: 80, to: 512, by: 4) { put(free, at: offset, in: &header) }
        var fat = [UInt8](repeating: 0xFF, count: 512)
        put(fatSector, at: 0, in: &fat)
        put(endOfChain, at: 4, in: &fat)
        var directory = [UInt8](repeating: 0, count: 512)
        for (index, name) in (["Root Entry"] + streams).enumerated() {
            let base = index * 128
            let units = Array(name.utf16)
            for (position, unit) in units.enumerated() { put16(unit, at: base + 2 * position, in: &directory) }
            put16(UInt16(2 * (units.count + 1)), at: base + 64, in: &directory)
            directory[base + 66] = index == 0 ? 5 : 2
            directory[base + 67] = 1
            put(noStream, at: base + 68, in: &directory)
            // The streams hang off the root as a chain of right siblings.
            put(index > 0 && index < streams.count ? UInt32(index + 1) : noStream, at: base + 72, in: &directory)
            put(index == 0 && !streams.isEmpty ? 1 : noStream, at: base + 76, in: &directory)
            put(endOfChain, at: base + 116, in: &directory)
        }
        for base in stride(from: (streams.count + 1) * 128, to: 512, by: 128) {
            put(noStream, at: base + 68, in: &directory)
            put(noStream, at: base + 72, in: &directory)
            put(noStream, at: base + 76, in: &directory)
        }
        return header + fat + directory
    }
}
